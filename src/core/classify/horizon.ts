/**
 * From the patch-centre map to what an interpreter reads: the seabed mask (P = 0 where a patch centre
 * lies above the seabed or within the seabed's own wavelet), a probability at every sample, and a BSR
 * horizon (per trace, the most probable BSR time below the seabed, with that probability).
 *
 * The sample map interpolates the patch-centre values bilinearly: an overlap average whose weight
 * falls off linearly to zero one stride from each centre. A plain average over every patch
 * covering a sample would blur the answer by the whole patch height (48 samples), while the
 * generator puts a BSR at the patch centre (depth ~N(0.5, 0.05)), so a patch's answer is about its
 * centre; beyond the outermost centres the nearest value is held.
 */
import { centreSpan, patchCentre, type ProbabilityMap } from './grid';

/**
 * BSR share of patches a line is assumed to have (the prior the map's probabilities are reported at). The networks
 * are trained on half BSR patches, but on a line a BSR is one horizon: on the evaluation lines 2-4 % of patch
 * centres lie within 16 samples of it. Reporting the network's 50 %-prior output as P(BSR) would call a patch a BSR
 * at even odds, i.e. fire on every look-alike; Bayes' rule with the line's base rate does not.
 */
export const DEFAULT_BSR_BASE_RATE = 0.05;

/**
 * Re-expresses probabilities trained at a BSR share `trainedRate` at a base rate `baseRate` (prior-shift
 * correction: posterior odds scale by the ratio of prior odds). Monotone, so ranking scores (AUC, AP) do not
 * change; NaN stays NaN. baseRate = trainedRate leaves the map as it is.
 */
export function applyBaseRate(map: ProbabilityMap, baseRate: number, trainedRate = 0.5): void {
  const k = oddsFactor(baseRate, trainedRate);
  if (k === 1) return;
  const v = map.values;
  for (let i = 0; i < v.length; i++) {
    const p = v[i]!;
    if (!Number.isNaN(p)) v[i] = (p * k) / (p * k + (1 - p));
  }
}

/** One probability at a base rate (as {@link applyBaseRate}): what a clicked patch's P(BSR) reads on the map. */
export function probabilityAtBaseRate(p: number, baseRate: number, trainedRate = 0.5): number {
  const k = oddsFactor(baseRate, trainedRate);
  return k === 1 || Number.isNaN(p) ? p : (p * k) / (p * k + (1 - p));
}

function oddsFactor(baseRate: number, trainedRate: number): number {
  if (!(baseRate > 0 && baseRate < 1)) throw new RangeError(`BSR base rate must be between 0 and 1, got ${baseRate}`);
  return baseRate / (1 - baseRate) / (trainedRate / (1 - trainedRate));
}

/** Sets P = 0 at every classified patch centre where `hide(centre trace index, centre sample)` holds; returns how many changed. */
function maskCentres(map: ProbabilityMap, hide: (trace: number, sample: number) => boolean): number {
  const { grid, values } = map;
  let masked = 0;
  for (let col = 0; col < grid.cols; col++) {
    for (let row = 0; row < grid.rows; row++) {
      const c = patchCentre(grid, col, row);
      const i = row * grid.cols + col;
      if (
        values[i] !== 0 &&
        !Number.isNaN(values[i]!) &&
        hide(Math.min(grid.traces - 1, Math.round(c.trace)), c.sample)
      ) {
        values[i] = 0;
        masked++;
      }
    }
  }
  return masked;
}

/** Sets P = 0 for patch centres above `seabed[trace] + marginSamples` (NaN picks mask nothing); returns how many were masked. */
export function maskAboveSeabed(map: ProbabilityMap, seabed: Float32Array, marginSamples: number): number {
  return maskCentres(map, (t, sample) => {
    const sb = seabed[Math.min(seabed.length - 1, t)]!;
    return !Number.isNaN(sb) && sample < sb + marginSamples;
  });
}

/**
 * Share of a patch's traces that must be live at its centre's sample for a centre on a dead trace to keep its P. A
 * patch reads its whole width, so a dead trace inside a live stretch (a killed trace, a missing shot) leaves the
 * patch centred on it an answer from its live neighbours. Masking every centre on a dead trace cut a stripe of
 * P = 0 through the BSR at each one (session 25: the dev real lines with a tenth of their traces zeroed at random
 * fell from AUC 0.93-0.99 to 0.78-0.89), which no interpreter would believe.
 */
export const DEAD_ZONE_LIVE_SHARE = 0.5;

/**
 * Sets P = 0 for patch centres in a dead zone (a mute, padding, a run of dead traces): the centre's own trace holds no
 * live sample there and fewer than {@link DEAD_ZONE_LIVE_SHARE} of the traces its patch spans do. Live samples of
 * trace t are [from[t], to[t]). Returns how many centres were set to 0.
 */
export function maskDeadZones(map: ProbabilityMap, from: Float32Array, to: Float32Array): number {
  const { grid, values } = map;
  const n = Math.min(grid.traces, from.length, to.length);
  const liveBefore = new Int32Array(n + 1); // liveBefore[t]: live traces among 0..t-1 at the row's centre sample
  let masked = 0;
  for (let row = 0; row < grid.rows; row++) {
    const sample = patchCentre(grid, 0, row).sample;
    const isLive = (t: number): boolean => sample >= from[t]! && sample < to[t]!;
    for (let t = 0; t < n; t++) liveBefore[t + 1] = liveBefore[t]! + (isLive(t) ? 1 : 0);
    for (let col = 0; col < grid.cols; col++) {
      const i = row * grid.cols + col;
      const v = values[i]!;
      if (v === 0 || Number.isNaN(v)) continue;
      const centre = Math.min(n - 1, Math.round(patchCentre(grid, col, row).trace));
      if (isLive(centre)) continue;
      const first = Math.min(n, col * grid.strideTraces),
        end = Math.min(n, first + grid.patchTraces);
      const share = end > first ? (liveBefore[end]! - liveBefore[first]!) / (end - first) : 0;
      if (share < DEAD_ZONE_LIVE_SHARE) {
        values[i] = 0;
        masked++;
      }
    }
  }
  return masked;
}

/** Sets P = 0 for patch centres within `marginSamples` of `curve[trace]` (NaN = nothing on that trace); returns how many. */
export function maskAroundCurve(map: ProbabilityMap, curve: Float32Array, marginSamples: number): number {
  return maskCentres(map, (t, sample) => {
    const c = curve[Math.min(curve.length - 1, t)]!;
    return !Number.isNaN(c) && Math.abs(sample - c) <= marginSamples;
  });
}

/** Fractional grid coordinate of a line coordinate along one axis, clamped to the centre range. */
function gridCoord(x: number, stride: number, patch: number, n: number): number {
  return Math.min(n - 1, Math.max(0, (x - (patch - 1) / 2) / stride));
}

/** Probability at (trace, sample) of the line, interpolated between patch centres; NaN where unclassified. */
export function probabilityAt(map: ProbabilityMap, trace: number, sample: number): number {
  const { grid, values } = map;
  const gc = gridCoord(trace, grid.strideTraces, grid.patchTraces, grid.cols);
  const gr = gridCoord(sample, grid.strideSamples, grid.patchSamples, grid.rows);
  const c0 = Math.floor(gc),
    r0 = Math.floor(gr);
  const c1 = Math.min(grid.cols - 1, c0 + 1),
    r1 = Math.min(grid.rows - 1, r0 + 1);
  const fc = gc - c0,
    fr = gr - r0;
  const v = (c: number, r: number): number => values[r * grid.cols + c]!;
  return (1 - fr) * ((1 - fc) * v(c0, r0) + fc * v(c1, r0)) + fr * ((1 - fc) * v(c0, r1) + fc * v(c1, r1));
}

/** The probability at every sample of one trace (length = grid.samples). */
export function traceProbabilities(
  map: ProbabilityMap,
  trace: number,
  out = new Float32Array(map.grid.samples),
): Float32Array {
  for (let s = 0; s < out.length; s++) out[s] = probabilityAt(map, trace, s);
  return out;
}

/** Probability at every sample of the line, trace-major like a section (traces x samples float32). */
export function sampleMap(map: ProbabilityMap): Float32Array {
  const { traces, samples } = map.grid;
  const out = new Float32Array(traces * samples);
  for (let t = 0; t < traces; t++) traceProbabilities(map, t, out.subarray(t * samples, (t + 1) * samples));
  return out;
}

/** Per trace: the most probable BSR sample and its probability (NaN / 0 where none reaches `minProbability`). */
export interface BsrHorizon {
  samples: Float32Array;
  probability: Float32Array;
  /** Probability a pick must reach to be kept. */
  minProbability: number;
  /**
   * Traces where some patch row below the seabed reaches `minProbability`: with no pick at all, 0 means nothing was
   * probable enough, more means the tracker found those traces too few or too scattered to be worth a piece (its start
   * cost). Absent in results stored before it was recorded.
   */
  tracesReaching?: number;
}

/** Writes the pick of trace `t` at `row`, refined by a parabola when the rows around it are candidates' rows too. */
function writePick(
  map: ProbabilityMap,
  out: BsrHorizon,
  t: number,
  row: number,
  firstRow: number,
  centre0: number,
): void {
  const { rows, strideSamples } = map.grid;
  const at = (r: number): number => probabilityAt(map, t, centre0 + r * strideSamples);
  const b = at(row);
  let offset = 0;
  if (row > firstRow && row < rows - 1) {
    const a = at(row - 1),
      c = at(row + 1),
      d = a - 2 * b + c;
    if (d < 0) offset = Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / d));
  }
  out.samples[t] = centre0 + (row + offset) * strideSamples;
  out.probability[t] = b;
}

/**
 * How the horizon tracker trades probability for continuity. A BSR is one surface that follows the seabed, so a
 * pick that hops between look-alikes from trace to trace is less believable than one that stays on an event: a jump
 * costs `jumpCostPerSample` per sample moved, and starting a new piece costs `startCost` (in units of P above the
 * pick threshold). With the defaults, moving 40 samples between neighbouring traces costs as much as 0.1 of P.
 */
export interface HorizonTracking {
  jumpCostPerSample: number;
  startCost: number;
  /**
   * Shortest piece kept, as a share of the patch width (traces): a BSR is a reflector an interpreter follows over
   * a distance, and a piece narrower than a quarter of a patch (18 traces at 72) is one or two patch columns' answer,
   * not a surface: on the BSR-free land line 31_81_PR two columns at P 0.51-0.53 made a 14-trace "BSR". Half a patch
   * would also drop a true 28-trace piece of GOM GC's BSR between two gaps. 0 keeps every piece.
   */
  minPieceOfPatch: number;
}

/** P(BSR) a patch must reach for the BSR horizon to pass through it, unless the user sets another (the map's contour). */
export const DEFAULT_HORIZON_THRESHOLD = 0.5;

export const DEFAULT_HORIZON_TRACKING: HorizonTracking = {
  jumpCostPerSample: 0.0025,
  startCost: 0.1,
  minPieceOfPatch: 0.25,
};

/**
 * Picks the BSR horizon: on each trace the candidate rows are the patch-centre rows at least `marginSamples` below
 * the seabed (anywhere when the seabed is unknown) whose probability, interpolated across columns to the trace,
 * reaches `minProbability` (default 0.5). A dynamic programme over the traces (Viterbi, with an "off" state for
 * traces without a pick) chooses per trace one candidate or none, maximising the summed probability above the
 * threshold minus the costs of {@link HorizonTracking}; a distance transform keeps it O(traces x rows). The chosen
 * row is refined by a parabola through the rows above and below (the interpolated map peaks at centres).
 * With a zero jump and start cost this is the per-trace maximum.
 */
export function pickHorizon(
  map: ProbabilityMap,
  seabed: Float32Array | null,
  marginSamples: number,
  minProbability = DEFAULT_HORIZON_THRESHOLD,
  tracking = DEFAULT_HORIZON_TRACKING,
): BsrHorizon {
  const { grid } = map;
  const { traces, rows, strideSamples } = grid;
  const out: BsrHorizon = {
    samples: new Float32Array(traces).fill(NaN),
    probability: new Float32Array(traces),
    minProbability,
    tracesReaching: 0,
  };
  if (traces === 0 || rows === 0) return out;
  let reaching = 0;
  const centre0 = (grid.patchSamples - 1) / 2;
  const span = centreSpan(grid);
  const reachFrom = Math.floor(span.firstTrace),
    reachTo = Math.ceil(span.lastTrace);
  const rowJump = tracking.jumpCostPerSample * strideSamples;
  const p = new Float32Array(rows);
  // Best score ending "on" at each row / "off" after the current trace; back pointers per trace (-1 = from off).
  let on = new Float64Array(rows).fill(-Infinity),
    next = new Float64Array(rows);
  let off = 0;
  const fromRow = new Int32Array(traces * rows).fill(-1);
  const offFrom = new Int32Array(traces).fill(-1);
  const firstRow = new Int32Array(traces);
  const best = new Float64Array(rows),
    bestArg = new Int32Array(rows);
  for (let t = 0; t < traces; t++) {
    // Distance transform of the previous "on" scores: best[r] = max over r' of on[r'] - rowJump * |r - r'|.
    for (let r = 0; r < rows; r++) {
      best[r] = on[r]!;
      bestArg[r] = r;
      if (r > 0 && best[r - 1]! - rowJump > best[r]!) {
        best[r] = best[r - 1]! - rowJump;
        bestArg[r] = bestArg[r - 1]!;
      }
    }
    for (let r = rows - 2; r >= 0; r--)
      if (best[r + 1]! - rowJump > best[r]!) {
        best[r] = best[r + 1]! - rowJump;
        bestArg[r] = bestArg[r + 1]!;
      }
    let offNext = off,
      offArg = -1;
    for (let r = 0; r < rows; r++)
      if (on[r]! > offNext) {
        offNext = on[r]!;
        offArg = r;
      }
    offFrom[t] = offArg;
    for (let r = 0; r < rows; r++) p[r] = probabilityAt(map, t, centre0 + r * strideSamples);
    const sb = seabed?.[t];
    // Beyond the outermost patch centres the map only holds its edge values: a pick there would be a flat copy of
    // the edge column's, no answer of the network's, so the horizon ends where the map does.
    const from =
      t < reachFrom || t > reachTo
        ? rows
        : sb === undefined || Number.isNaN(sb)
          ? 0
          : Math.max(0, Math.ceil((sb + marginSamples - centre0) / strideSamples));
    firstRow[t] = from;
    let reaches = false;
    for (let r = 0; r < rows; r++) {
      const v = p[r]!;
      if (r < from || Number.isNaN(v) || !(v >= minProbability)) {
        next[r] = -Infinity;
        continue;
      }
      reaches = true;
      const start = off - tracking.startCost,
        stay = best[r]!;
      if (stay >= start) {
        next[r] = stay + (v - minProbability);
        fromRow[t * rows + r] = bestArg[r]!;
      } else next[r] = start + (v - minProbability);
    }
    if (reaches) reaching++;
    off = offNext;
    [on, next] = [next, on];
  }
  out.tracesReaching = reaching;
  // Trace back from the best final state.
  let state = -1,
    score = off;
  for (let r = 0; r < rows; r++)
    if (on[r]! > score) {
      score = on[r]!;
      state = r;
    }
  for (let t = traces - 1; t >= 0; t--) {
    if (state >= 0) {
      writePick(map, out, t, state, firstRow[t]!, centre0);
      state = fromRow[t * rows + state]!;
    } else state = offFrom[t]!;
  }
  dropShortPieces(out, Math.ceil(tracking.minPieceOfPatch * grid.patchTraces));
  return out;
}

/** Clears the picks of every run of consecutive picked traces shorter than `minTraces`. */
function dropShortPieces(h: BsrHorizon, minTraces: number): void {
  if (minTraces <= 1) return;
  const n = h.samples.length;
  for (let t = 0; t < n;) {
    if (Number.isNaN(h.samples[t]!)) {
      t++;
      continue;
    }
    let end = t;
    while (end < n && !Number.isNaN(h.samples[end]!)) end++;
    if (end - t < minTraces)
      for (let k = t; k < end; k++) {
        h.samples[k] = NaN;
        h.probability[k] = 0;
      }
    t = end;
  }
}

/** CSV `trace,time_ms,probability` of the horizon's kept picks (`trace,sample,probability` when dt is unknown). */
export function horizonToCsv(h: BsrHorizon, dtUs: number): string {
  const lines = [dtUs > 0 ? 'trace,time_ms,probability' : 'trace,sample,probability'];
  for (let t = 0; t < h.samples.length; t++) {
    const s = h.samples[t]!;
    if (Number.isNaN(s)) continue;
    lines.push(`${t},${dtUs > 0 ? +((s * dtUs) / 1000).toFixed(3) : +s.toFixed(2)},${h.probability[t]!.toFixed(5)}`);
  }
  return lines.join('\n') + '\n';
}
