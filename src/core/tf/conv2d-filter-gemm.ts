/**
 * Conv2DBackpropFilter as cache-blocked matrix products (im2col), for layers with a large
 * batch x output-map reduction (the stem convs of a 112x112 patch network).
 *
 * With K = B*OH*OW output positions (b,oh,ow) and M = kH*kW*ci filter taps (kh,kw,ci):
 *   P[(kh,kw,ci), (b,oh,ow)] = x[b, oh*sH + kh - pT, ow*sW + kw - pL, ci]   (0 outside x)
 *   dW[(kh,kw,ci), co] = sum_k P[., k] * dy[k, co]        i.e. dW = P . dy  ([M,K] x [K,co])
 * P is built tap by tap: a strided slice of the zero-padded x gives [K, ci] for one (kh,kw),
 * transposed to [ci, K] and stacked on axis 0 (contiguous copies).
 * XNNPACK's GEMM does not block the reduction axis, so one product with K = 200k would
 * stream dy from memory for every 4 rows of P; splitting K into chunks whose dy slice fits
 * in L2 keeps it cache-resident, and the per-chunk products are summed.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { ConvGeometry } from './conv-geometry';
import type { KernelScope } from './kernel-scope';

/** Floats of the per-chunk "weights" operand (dy slice) kept under ~1 MiB of L2. */
const CHUNK_FLOATS = 256 * 1024;

/** P^T as [M, K]: one row per (kh, kw, ci), one column per output position (b, oh, ow). */
function patchesT(scope: KernelScope, x: TensorInfo, g: ConvGeometry): TensorInfo {
  const spanH = (g.outH - 1) * g.strideH + g.kH;
  const spanW = (g.outW - 1) * g.strideW + g.kW;
  const padBottom = Math.max(0, spanH - g.inH - g.padTop);
  const padRight = Math.max(0, spanW - g.inW - g.padLeft);
  const xp =
    g.padTop || padBottom || g.padLeft || padRight
      ? scope.pad(x, [
          [0, 0],
          [g.padTop, padBottom],
          [g.padLeft, padRight],
          [0, 0],
        ])
      : x;
  const K = g.batch * g.outH * g.outW;
  const rows: TensorInfo[] = [];
  for (let kh = 0; kh < g.kH; kh++) {
    for (let kw = 0; kw < g.kW; kw++) {
      const tap = scope.run('StridedSlice', { x: xp }, {
        begin: [0, kh, kw, 0],
        end: [g.batch, kh + (g.outH - 1) * g.strideH + 1, kw + (g.outW - 1) * g.strideW + 1, g.inC],
        strides: [1, g.strideH, g.strideW, 1],
        beginMask: 0,
        endMask: 0,
        ellipsisMask: 0,
        newAxisMask: 0,
        shrinkAxisMask: 0,
      }); // [B, OH, OW, ci]
      const flat = scope.reshape(tap, [K, g.inC]);
      rows.push(g.inC === 1 ? scope.reshape(flat, [1, K]) : scope.transpose(flat, [1, 0]));
    }
  }
  if (rows.length === 1) return rows[0] as TensorInfo;
  const stacked = scope.run('Concat', rows as unknown as Record<string, TensorInfo>, { axis: 0 });
  for (const r of rows) scope.free(r);
  return stacked;
}

/** dW [kH,kW,ci,co] by chunked GEMMs; intermediates belong to `scope`. */
export function conv2dFilterGradGemm(scope: KernelScope, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const M = g.kH * g.kW * g.inC;
  const K = g.batch * g.outH * g.outW;
  const pT = patchesT(scope, x, g);
  const dy2 = scope.reshape(dy, [K, g.outC]);
  const chunk = Math.max(64, Math.floor(CHUNK_FLOATS / g.outC));
  let acc: TensorInfo | null = null;
  for (let k0 = 0; k0 < K; k0 += chunk) {
    const kc = Math.min(chunk, K - k0);
    const a = kc === K ? pT : scope.slice(pT, [0, k0], [M, kc]);
    const w = kc === K ? dy2 : scope.slice(dy2, [k0, 0], [kc, g.outC]);
    const part = scope.run('BatchMatMul', { a, b: w }, { transposeA: false, transposeB: false }); // [1, M, co]
    if (a !== pT) scope.free(a);
    if (w !== dy2) scope.free(w);
    if (acc === null) acc = part;
    else {
      const sum = scope.run('Add', { a: acc, b: part });
      scope.free(acc);
      scope.free(part);
      acc = sum;
    }
  }
  return scope.reshape(acc as TensorInfo, [g.kH, g.kW, g.inC, g.outC]);
}
