#!/usr/bin/env python3
"""Times the PyTorch peer on the same terms as our benches: W warm-up iterations, then N timed iterations, each
time printed, so both sides report the median (and spread) of the same number of iterations.

The network is the peer's own (SPN in ../shared/bench/torch_spn_ref.py, loaded from --peer; this file adds only
the timing loop). Modes:
  infer     one batch through the network (eval, inference_mode)
  train     one training step: forward, cross-entropy, backward, clip by value 10, Adam 1e-4
  classify  the whole line of --line (SEG-Y, IBM or IEEE floats): keep-polarity standardisation over the line
            (0.5th/99.5th percentiles, as src/core/synthetic/standardise.ts), cut 48x48 patches at --stride,
            resize each to 112x112 (bilinear, half-pixel centres), predict in batches of --batch. The app's line
            presentation does more around this (trend removal, seabed pick and mask, horizon pick:
            src/core/classify/line-pipeline.ts); that extra work is timed on our side only, against us.
Prints one JSON object: {"mode", "threads", "batch", "warmup", "iters", "ms": [...], "median_ms", "torch", ...}.
Exits non-zero with the reason on stderr when torch or numpy is missing or the peer cannot be loaded.
"""
import argparse
import importlib.util
import json
import statistics
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except ImportError as e:  # the caller reports this and exits non-zero
    sys.exit(f"torch_timed.py: {e} (Debian: apt-get install python3-numpy python3-torch)")


def load_peer(path):
    spec = importlib.util.spec_from_file_location("torch_spn_ref", path)
    if spec is None or spec.loader is None:
        sys.exit(f"torch_timed.py: cannot load the peer {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def ibm_to_float(words):
    """IBM System/360 single floats (big-endian uint32) to float32."""
    words = words.astype(np.uint32)
    sign = np.where(words >> 31, -1.0, 1.0)
    exponent = ((words >> 24) & 0x7F).astype(np.int32) - 64
    mantissa = (words & 0x00FFFFFF).astype(np.float64) / float(1 << 24)
    return (sign * mantissa * np.power(16.0, exponent)).astype(np.float32)


def read_segy(path):
    """traces x samples float32 of a big-endian SEG-Y file with 4-byte samples (format 1 or 5), no extended headers."""
    raw = np.fromfile(path, dtype=np.uint8)
    samples = int.from_bytes(raw[3220:3222].tobytes(), "big")
    fmt = int.from_bytes(raw[3224:3226].tobytes(), "big")
    if fmt not in (1, 5):
        sys.exit(f"torch_timed.py: {path}: sample format {fmt} is not supported here (1 or 5)")
    trace_bytes = 240 + 4 * samples
    n = (raw.size - 3600) // trace_bytes
    body = raw[3600:3600 + n * trace_bytes].reshape(n, trace_bytes)[:, 240:]
    words = body.copy().view(">u4").astype(np.uint32)
    return ibm_to_float(words) if fmt == 1 else words.view(np.float32).astype(np.float32)


def keep_polarity(data):
    """The app's keep-polarity standardisation (np.percentile bounds, symmetric about zero, clip, divide)."""
    delta = 1 - 0.99
    lo, hi = np.percentile(data, [100 * delta * 0.5, 100 * (1 - delta * 0.5)])
    inside = data[(data >= lo) & (data <= hi)]
    vmin, vmax = float(inside.min()), float(inside.max())
    if abs(vmax) > abs(vmin) and vmin * vmax < 0:
        vmin = -vmax
    if abs(vmax) < abs(vmin) and vmin * vmax < 0:
        vmax = -vmin
    if vmin * vmax < 0:
        return np.clip(data, vmin, vmax) / max(vmax, -vmin)
    return (np.clip(data, vmin, vmax) - vmin) / (vmax - vmin) * 2 - 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", required=True, help="path of torch_spn_ref.py")
    ap.add_argument("--mode", choices=["infer", "train", "classify"], required=True)
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--warmup", type=int, required=True)
    ap.add_argument("--iters", type=int, required=True)
    ap.add_argument("--line", help="SEG-Y file (classify)")
    ap.add_argument("--stride", type=int, default=8)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    peer = load_peer(a.peer)
    model = peer.SPN().eval().to(memory_format=torch.channels_last)
    x = torch.randn(a.batch, 1, 112, 112).contiguous(memory_format=torch.channels_last)
    extra = {}

    if a.mode == "infer":
        def once():
            with torch.inference_mode():
                model(x)
    elif a.mode == "train":
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-4)
        yt = torch.randint(0, 2, (a.batch,))

        def once():
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), yt)
            loss.backward()
            torch.nn.utils.clip_grad_value_(model.parameters(), 10.0)
            opt.step()
    else:
        if not a.line:
            sys.exit("torch_timed.py: --line is needed for classify")
        line = read_segy(a.line)  # traces x samples; patches are samples (rows) x traces (columns)
        section = line.T.copy()
        rows = (section.shape[0] - 48) // a.stride + 1
        cols = (section.shape[1] - 48) // a.stride + 1
        extra = {"patches": rows * cols, "stride": a.stride, "line": list(section.shape)}

        def once():
            s = torch.from_numpy(keep_polarity(section).astype(np.float32))
            patches = s.unfold(0, 48, a.stride).unfold(1, 48, a.stride).reshape(-1, 1, 48, 48)
            with torch.inference_mode():
                for b in range(0, patches.shape[0], a.batch):
                    p = F.interpolate(patches[b:b + a.batch], size=(112, 112), mode="bilinear", align_corners=False)
                    model(p.contiguous(memory_format=torch.channels_last))

    for _ in range(a.warmup):
        once()
    ms = []
    for _ in range(a.iters):
        t0 = time.perf_counter()
        once()
        ms.append(1000 * (time.perf_counter() - t0))
    print(json.dumps({"mode": a.mode, "threads": torch.get_num_threads(), "batch": a.batch, "warmup": a.warmup,
                      "iters": a.iters, "ms": [round(v, 2) for v in ms], "median_ms": round(statistics.median(ms), 2),
                      "torch": torch.__version__, **extra}))


if __name__ == "__main__":
    main()
