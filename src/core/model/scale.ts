/**
 * Width scaling of a candidate: every filter count multiplied by `factor` (rounded, at least 1; a pooling branch
 * keeps at least 1 filter per max/min conv), kernel sizes and layout unchanged. The search space's networks
 * (~0.1–2 M parameters, ~0.1–1 G multiply-adds) take seconds per batch on a CPU; a scaled-down search explores
 * the same topologies (multi-scale branches, kernel and pool pairs) at a fraction of the cost — for CPU-only
 * machines and for tests. Factor 1 returns an identical copy (same id).
 */
import type { CandidateSpec, PerceptionSpec } from './spec';

function w(n: number, factor: number): number {
  return Math.max(1, Math.round(n * factor));
}

function scalePerception(p: PerceptionSpec, f: number): PerceptionSpec {
  const out: PerceptionSpec = {
    width: 0,
    mm: { size: p.mm.size, width: w(p.mm.width, f) },
    c1: { k: p.c1.k, bottleneck: w(p.c1.bottleneck, f), width: w(p.c1.width, f) },
    c2: { k: p.c2.k, bottleneck: w(p.c2.bottleneck, f), width: w(p.c2.width, f) },
    pool1: { size: p.pool1.size, maxWidth: w(p.pool1.maxWidth, f), minWidth: w(p.pool1.minWidth, f) },
    pool2: { size: p.pool2.size, maxWidth: w(p.pool2.maxWidth, f), minWidth: w(p.pool2.minWidth, f) },
  };
  out.width =
    out.mm.width +
    out.c1.width +
    out.c2.width +
    out.pool1.maxWidth +
    out.pool1.minWidth +
    out.pool2.maxWidth +
    out.pool2.minWidth;
  return out;
}

export function scaleSpecWidths(spec: CandidateSpec, factor: number): CandidateSpec {
  if (!(factor > 0 && factor <= 1)) throw new RangeError(`width factor must be in (0, 1], got ${factor}`);
  if (factor === 1) return JSON.parse(JSON.stringify(spec)) as CandidateSpec;
  const s = spec.stem;
  return {
    ...spec,
    stem: {
      conv0: { ...s.conv0, width: w(s.conv0.width, factor) },
      conv1: { ...s.conv1, width: w(s.conv1.width, factor) },
      conv2: { ...s.conv2, width: w(s.conv2.width, factor) },
    },
    perception: [
      scalePerception(spec.perception[0], factor),
      scalePerception(spec.perception[1], factor),
      scalePerception(spec.perception[2], factor),
    ],
  };
}
