/**
 * Temperature scaling (Guo et al. 2017): one number T fitted on held-out patches so that softmax(z / T) states the
 * network's confidence honestly. A network trained for few epochs ranks patches well but is under-confident (T < 1),
 * which hides a real BSR below the map's P = 0.5 contour once the map is re-expressed at the line's base rate.
 * Positive scaling of the logits changes no argmax, so accuracies and rankings stay as they were.
 */

/** The fitted temperature and the held-out mean log-loss before and after it. */
export interface Calibration {
  temperature: number;
  nllBefore: number;
  nllAfter: number;
  /** Patches it was fitted on. */
  patches: number;
}

/** Range of the fitted temperature (1/4 to 4 times the network's own confidence). */
export const MIN_TEMPERATURE = 0.25,
  MAX_TEMPERATURE = 4;

/** Logits z1 - z0 are kept in this range, so a saturated softmax (p = 0 or 1 in float32) still gives a finite margin. */
const MAX_MARGIN = 30;

/** Logit margin z1 - z0 of each patch from its two softmax probabilities [p0, p1, p0, p1, ...]. */
export function logitMargins(probabilities: ArrayLike<number>): Float64Array {
  const n = Math.floor(probabilities.length / 2);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p0 = Math.max(probabilities[2 * i]!, 1e-30);
    const p1 = Math.max(probabilities[2 * i + 1]!, 1e-30);
    out[i] = Math.min(MAX_MARGIN, Math.max(-MAX_MARGIN, Math.log(p1) - Math.log(p0)));
  }
  return out;
}

/** Mean binary log-loss of margins `z` scaled by `a` (= 1 / T) against labels (1 = BSR). */
export function meanLogLoss(z: ArrayLike<number>, labels: ArrayLike<number>, a = 1): number {
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    // -log sigmoid(s) for the true class's signed margin s, written so large |s| neither overflows nor loses digits.
    const s = (labels[i] === 1 ? 1 : -1) * a * z[i]!;
    sum += s > 0 ? Math.log1p(Math.exp(-s)) : -s + Math.log1p(Math.exp(s));
  }
  return sum / z.length;
}

/**
 * The temperature that minimises the mean log-loss of `z / T` on the labelled patches. The loss is convex in 1 / T, so a
 * golden-section search over T in [MIN_TEMPERATURE, MAX_TEMPERATURE] finds it. The bounds keep a small or easy set
 * (which the network gets all right, pushing T towards 0) from turning the network into a 0-or-1 oracle.
 */
export function fitTemperature(z: ArrayLike<number>, labels: ArrayLike<number>): Calibration {
  if (z.length === 0 || z.length !== labels.length)
    throw new RangeError(
      `temperature fit needs margins and labels of one non-zero length, got ${z.length} and ${labels.length}`,
    );
  const loss = (logA: number): number => meanLogLoss(z, labels, Math.exp(logA));
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(1 / MAX_TEMPERATURE),
    hi = Math.log(1 / MIN_TEMPERATURE);
  let c = hi - ratio * (hi - lo),
    d = lo + ratio * (hi - lo);
  let fc = loss(c),
    fd = loss(d);
  for (let i = 0; i < 80 && hi - lo > 1e-7; i++) {
    if (fc <= fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - ratio * (hi - lo);
      fc = loss(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + ratio * (hi - lo);
      fd = loss(d);
    }
  }
  // Four significant digits: the fit's last digits follow float rounding in the network's outputs (two runs of one
  // recipe agreed to 1e-7), and a retraining must reproduce the shipped weights bit for bit.
  const temperature = Number((1 / Math.exp((lo + hi) / 2)).toPrecision(4));
  const a = 1 / temperature;
  return {
    temperature,
    nllBefore: meanLogLoss(z, labels),
    nllAfter: meanLogLoss(z, labels, a),
    patches: z.length,
  };
}
