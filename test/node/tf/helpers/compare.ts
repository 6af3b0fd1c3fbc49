/** Shared comparison helpers of the node tests of tfjs kernels and models. */

/** ||a - b|| / max(||a||, tiny): a norm-based relative error. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += ((a[i] as number) - (b[i] as number)) ** 2;
    den += (a[i] as number) ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}
