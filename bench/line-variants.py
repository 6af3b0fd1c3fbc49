#!/usr/bin/env python3
"""Variants of a real line as real lines reach users (README: "Real lines as they come"): clipped, AGC'd, gained,
with dead traces, resampled, rotated in phase, noisier... each written as a new SEG-Y with its truth JSON moved with
the transform, so `classify` + `score_map.py` can say which states of a line the map survives.

    /usr/bin/python3 bench/line-variants.py LINE.sgy TRUTH.json KIND OUT.sgy OUT.json

TRUTH.json is the `bsr_sample`-per-trace format of the dev lines' `image_to_line.py`. KIND is one of the names in
VARIANTS below. Needs Debian's python3-segyio and python3-numpy; not part of the app or the tests (the dev lines it
was run on stay out of the repo). Seeded: the same input and KIND give the same file.
"""
import json, sys
import numpy as np, segyio

def read(path):
    with segyio.open(path, ignore_geometry=True) as f:
        return np.stack([np.asarray(t, dtype=np.float64) for t in f.trace[:]]), segyio.tools.dt(f)

def write(path, data, dt_us, delay_ms=0):
    ntr, ns = data.shape
    spec = segyio.spec(); spec.format = 1; spec.samples = list(range(ns)); spec.tracecount = ntr
    with segyio.create(path, spec) as f:
        f.bin.update(hdt=int(dt_us), hns=ns)
        for i in range(ntr):
            f.header[i] = {segyio.su.tracl: i + 1, segyio.su.cdp: 1 + i, segyio.su.ns: ns, segyio.su.dt: int(dt_us), segyio.su.delrt: int(delay_ms)}
            f.trace[i] = data[i].astype(np.float32)

def agc(d, win):
    out = np.empty_like(d); k = np.ones(win) / win
    for i, tr in enumerate(d):
        rms = np.sqrt(np.convolve(tr * tr, k, mode='same')) + 1e-9 * (np.abs(tr).max() + 1e-30)
        out[i] = tr / rms
    return out

VARIANTS = ('none agc250 agc1000 clip98 int8 noise30 noise60 tgain2 tdecay dc statics4 deepwater300 delay traces2x '
            'traces_half dt8 flip phase90 phase-90 phase45 dead10 gap30 ampjitter spikes lowfreq croptop cropbelow cropbottom '
            'shallowbsrN').split()  # shallowbsrN: N samples cut out under the seabed, e.g. shallowbsr40


def main(inp, truth, kind, out, out_truth):
    d, dt = read(inp); t = json.load(open(truth)); b = list(t['bsr_sample']); rng = np.random.default_rng(7)
    ntr, ns = d.shape; delay = 0
    if kind == 'agc250': d = agc(d, max(3, int(250e3 / dt)))
    elif kind == 'agc1000': d = agc(d, max(3, int(1000e3 / dt)))
    elif kind == 'clip98':
        c = np.percentile(np.abs(d), 98); d = np.clip(d, -c, c)
    elif kind == 'int8':
        c = np.abs(d).max(); d = np.round(d / c * 127) / 127 * c
    elif kind == 'noise30':
        d = d + rng.normal(0, 0.3 * d.std(), d.shape)
    elif kind == 'noise60':
        d = d + rng.normal(0, 0.6 * d.std(), d.shape)
    elif kind == 'tgain2':
        tt = (np.arange(ns) + 1) / ns; d = d * (tt ** 2)[None, :]
    elif kind == 'tdecay':
        tt = (np.arange(ns) + 1) / ns; d = d / (tt ** 1.5)[None, :]
    elif kind == 'dc':
        d = d + 0.5 * d.std()
    elif kind == 'statics4':
        s = np.round(np.cumsum(rng.normal(0, 1.0, ntr))).astype(int); s -= int(np.median(s)); s = np.clip(s, -6, 6)
        d = np.stack([np.roll(tr, k) for tr, k in zip(d, s)]); b = [None if v is None else v + int(k) for v, k in zip(b, s)]
    elif kind == 'deepwater300':
        pad = rng.normal(0, 0.01 * d.std(), (ntr, 300)); d = np.concatenate([pad, d], axis=1)
        b = [None if v is None else v + 300 for v in b]
    elif kind == 'delay':
        delay = 1200
    elif kind == 'traces2x':
        x = np.arange(ntr); xi = np.arange(2 * ntr - 1) / 2
        d = np.stack([np.interp(xi, x, d[:, j]) for j in range(ns)], axis=1)
        b = [b[int(i)] if float(i).is_integer() else (None if b[int(i)] is None or b[int(i) + 1] is None else (b[int(i)] + b[int(i) + 1]) / 2) for i in xi]
    elif kind == 'traces_half':
        d = d[::2]; b = b[::2]
    elif kind == 'dt8':
        # anti-aliased decimation to 8 ms
        k = np.array([0.25, 0.5, 0.25]); d = np.stack([np.convolve(tr, k, mode='same')[::2] for tr in d]); dt = dt * 2
        b = [None if v is None else v / 2 for v in b]
    elif kind == 'flip':
        d = -d
    elif kind in ('phase90', 'phase-90', 'phase45'):
        from numpy.fft import rfft, irfft
        deg = {'phase90': 90, 'phase-90': -90, 'phase45': 45}[kind]
        D = rfft(d, axis=1); D = D * np.exp(-1j * np.pi * deg / 180); d = irfft(D, n=ns, axis=1)
    elif kind == 'dead10':
        idx = rng.choice(ntr, ntr // 10, replace=False); d[idx] = 0
    elif kind == 'gap30':
        a = ntr // 3; d[a:a + 30] = 0
    elif kind == 'ampjitter':
        d = d * np.exp(rng.normal(0, 0.4, ntr))[:, None]
    elif kind == 'spikes':
        n = 200; ti = rng.integers(0, ntr, n); si = rng.integers(0, ns, n); d[ti, si] = 50 * np.abs(d).max() * rng.choice([-1, 1], n)
    elif kind == 'lowfreq':
        tt = np.arange(ns); d = d + 2 * d.std() * np.sin(2 * np.pi * tt / 120.0 + rng.uniform(0, 6.28, (ntr, 1)))
    elif kind in ('croptop', 'cropbelow'):
        # A window of the section: starting just above the shallowest seabed, or below the seabed's median depth.
        a = np.abs(d); sb = np.argmax(a > 0.3 * np.percentile(a, 99), axis=1)
        cut = max(0, int(sb.min()) - 10) if kind == 'croptop' else int(np.median(sb)) + 20
        d = d[:, cut:]; b = [None if v is None or v - cut < 0 else v - cut for v in b]
    elif kind == 'cropbottom':
        # A window ending 30 samples under the deepest BSR pick (figures are often cut just below the target).
        end = int(max(v for v in b if v is not None)) + 30
        d = d[:, :end]
    elif kind.startswith('shallowbsr') and kind[10:].isdigit():
        # A BSR close under the seabed, as where the hydrate zone thins upslope: N samples of sediment cut out 20
        # samples under each trace's seabed (its first sample over a quarter of the trace's peak); the line gets N
        # samples shorter and the picks move up with what lay below the cut.
        n = int(kind[10:]); out_d = np.zeros((ntr, ns - n)); nb = []
        for i in range(ntr):
            c = int(np.argmax(np.abs(d[i]) > 0.25 * np.abs(d[i]).max())) + 20
            out_d[i] = np.concatenate([d[i, :c], d[i, c + n:]])
            v = b[i]
            nb.append(None if v is None or c <= v < c + n else (v - n if v >= c + n else v))
        d, b = out_d, nb
    elif kind == 'none':
        pass
    else:
        raise SystemExit(f'unknown kind {kind}; one of: {", ".join(VARIANTS)}')
    write(out, d, dt, delay)
    t.update(traces=int(d.shape[0]), samples=int(d.shape[1]), dt_us=int(dt), bsr_sample=b)
    json.dump(t, open(out_truth, 'w'))

if len(sys.argv) != 6:
    raise SystemExit(__doc__)
main(*sys.argv[1:])
