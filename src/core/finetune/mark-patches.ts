/**
 * Training patches from marks, cut exactly as classification cuts them: the line presented by
 * presentLine (polarity, trend removal, keep-polarity standardisation, scale factor -> patch height)
 * and each patch cut by cutNetworkPatch (resized to the network's 48 x 48), the same function
 * classifySection uses. Every patch whose CENTRE falls in a mark's box belongs to the mark — the
 * map's value at a point is the patch centred there — on a lattice finer than the classify grid
 * (default every 2 traces and 2 samples), so a small box still gives dozens of patches.
 */
import { cutNetworkPatch } from '../classify/classify';
import { defaultPatchTraces } from '../classify/grid';
import type { Section } from '../classify/section';
import { foundSeabed, presentLine, type LinePresentation, type PresentationOptions } from '../line/presentation';
import { PATCH_CELLS, PATCH_SIDE } from '../synthetic/types';
import type { PatchSet } from '../train/patch-set';
import { markSamples, MarksError, type LineExtent, type Mark } from './marks';

/** At most `max` of `items`, evenly spread over them (all when they are few enough). */
function thinEvenly<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]!);
}

/** Top-left corner of the patch centred at (trace, sample), or null where the patch would not fit the line. */
function cornerAt(line: PresentedLine, trace: number, sample: number): [number, number] | null {
  const { section, patchTraces: pt, patchSamples: ps } = line;
  const ft = Math.round(trace - (pt - 1) / 2),
    fs = Math.round(sample - (ps - 1) / 2);
  return ft < 0 || ft + pt > section.traces || fs < 0 || fs + ps > section.samples ? null : [ft, fs];
}

/** How patches are placed in a box. */
export interface MarkPatchOptions {
  /** Patch width, traces (default defaultPatchTraces of the line, as classification). */
  patchTraces?: number;
  /** Lattice step of patch centres inside a box, traces and samples (default 2 and 2). */
  strideTraces?: number;
  strideSamples?: number;
  /** Most patches taken from one mark (evenly thinned beyond; default 400). */
  maxPerMark?: number;
}

/** A line presented for the network, with the patch size classification would use. */
export interface PresentedLine {
  section: Section;
  presentation: LinePresentation;
  patchTraces: number;
  patchSamples: number;
  /**
   * Traces where one window of a big line ends and the next begins, when the section is windows read side by side
   * (mark-windows.ts): a patch across a seam would join two places of the line, so none is cut there.
   */
  seams?: readonly number[];
}

/** Presents a raw line as classifyRawLine does (same options, same patch height; the classification's patch width). */
export async function presentForPatches(
  raw: Section,
  presentation: PresentationOptions = {},
  patchTraces = defaultPatchTraces(raw.traces),
): Promise<PresentedLine> {
  const { data, presentation: p } = await presentLine(raw, presentation);
  return {
    section: { traces: raw.traces, samples: raw.samples, dtUs: raw.dtUs, data },
    presentation: p,
    patchTraces,
    patchSamples: Math.min(p.patchSamples, raw.samples),
  };
}

/** Top-left corners of the patches whose centres lie in `mark` (clamped so every patch fits the line). */
export function markPatchCorners(
  mark: Mark,
  line: PresentedLine,
  opts: MarkPatchOptions = {},
): Array<[number, number]> {
  const { section, patchTraces: pt, patchSamples: ps } = line;
  const st = opts.strideTraces ?? 2,
    ss = opts.strideSamples ?? 2;
  const extent: LineExtent = section;
  const { from: s0, to: s1 } = markSamples(mark, extent);
  const seen = new Set<number>();
  const out: Array<[number, number]> = [];
  // Lattice centred in the box, so a box narrower than a step still gets its middle patch.
  const startT = mark.traceFrom + ((mark.traceTo - mark.traceFrom) % st) / 2;
  const startS = s0 + ((s1 - s0) % ss) / 2;
  for (let c = startT; c <= mark.traceTo + 1e-9; c += st) {
    const ft = Math.min(section.traces - pt, Math.max(0, Math.round(c - (pt - 1) / 2)));
    for (let r = startS; r <= s1 + 1e-9; r += ss) {
      const fs = Math.min(section.samples - ps, Math.max(0, Math.round(r - (ps - 1) / 2)));
      const key = ft * section.samples + fs;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push([ft, fs]);
    }
  }
  return thinEvenly(out, opts.maxPerMark ?? 400);
}

/** Patches of a set of marks, with the mark each came from. */
export interface MarkPatches extends PatchSet {
  /** Index (into the marks given) of each patch's mark. */
  markOf: Uint32Array;
  /** Patches per mark, in mark order. */
  perMark: number[];
  /** Patches left out because a BSR and a not-BSR mark both gave them (near the line's edges; see cornersPerMark). */
  contradictory: number;
}

/** Cuts every patch of every mark (in mark order) from the presented line. */
export function cutMarkPatches(line: PresentedLine, marks: readonly Mark[], opts: MarkPatchOptions = {}): MarkPatches {
  const { section, patchTraces: pt, patchSamples: ps } = line;
  if (section.traces < pt || section.samples < ps)
    throw new MarksError(
      `a ${pt} x ${ps} patch does not fit a line of ${section.traces} traces x ${section.samples} samples`,
    );
  const { corners, contradictory } = cornersPerMark(marks, line, opts);
  const count = corners.reduce((s, c) => s + c.length, 0);
  const x = new Float32Array(count * PATCH_CELLS);
  const labels = new Uint8Array(count);
  const markOf = new Uint32Array(count);
  const scratch = new Float32Array(pt * ps);
  let k = 0;
  corners.forEach((list, i) => {
    for (const [ft, fs] of list) {
      cutNetworkPatch(section, ft, fs, pt, ps, x, k * PATCH_CELLS, scratch);
      labels[k] = marks[i]!.label;
      markOf[k] = i;
      k++;
    }
  });
  return { x, labels, side: PATCH_SIDE, count, markOf, perMark: corners.map((c) => c.length), contradictory };
}

/**
 * Each mark's patch corners without those a mark of the other label gives too, and how many patches that left out.
 * The boxes do not overlap (validateMarks), but within half a patch of the line's ends (or its top and bottom)
 * patches are moved inside the line, so a BSR and a not-BSR mark there can share one: taught both answers, it would
 * teach nothing but noise, so it is taught neither.
 */
function cornersPerMark(
  marks: readonly Mark[],
  line: PresentedLine,
  opts: MarkPatchOptions,
): { corners: Array<Array<[number, number]>>; contradictory: number } {
  const samples = line.section.samples;
  const corners = marks.map((m) => markPatchCorners(m, line, opts));
  const labelsAt = new Map<number, number>(); // bit 1: a not-BSR mark's, bit 2: a BSR mark's
  corners.forEach((list, i) => {
    const bit = marks[i]!.label === 1 ? 2 : 1;
    for (const [ft, fs] of list) labelsAt.set(ft * samples + fs, (labelsAt.get(ft * samples + fs) ?? 0) | bit);
  });
  let contradictory = 0;
  const kept = corners.map((list) =>
    list.filter(([ft, fs]) => {
      const both = labelsAt.get(ft * samples + fs) === 3;
      if (both) contradictory++;
      return !both;
    }),
  );
  return { corners: kept, contradictory };
}

/** Patches per mark without cutting them (the marks list shows these counts). */
export function countMarkPatches(
  line: Pick<PresentedLine, 'section' | 'patchTraces' | 'patchSamples'>,
  marks: readonly Mark[],
  opts: MarkPatchOptions = {},
): number[] {
  return cornersPerMark(marks, line as PresentedLine, opts).corners.map((c) => c.length);
}

/**
 * Not-BSR patches the line gives for free: centred just below the seabed pick, from the mask's margin down to a
 * quarter patch past half a patch (steps of an eighth of a patch), where the seabed's own strong reflector fills the
 * patch — the network's commonest false alarm, and never a BSR there. Since the mask covers only the seabed's
 * wavelet (session 27), a tuned model taught nothing about this band fired in it; and since a BSR follows the
 * seabed, the user's BSR marks say how far under it the BSR lies on this line: no centre comes within
 * {@link offBsrGap} of the shallowest BSR mark's depth under the seabed, so a shallow BSR elsewhere on the line is
 * not taught as not-BSR. Traces inside a BSR mark (or within half a patch of one) are left out, so a BSR the user
 * marked is never contradicted. Empty without a seabed.
 */
export function seabedPatchCorners(
  line: PresentedLine,
  marks: readonly Mark[],
  everyTraces = 8,
  max = 400,
): Array<[number, number]> {
  const { section, presentation, patchTraces: pt, patchSamples: ps } = line;
  const seabed = foundSeabed(presentation);
  if (!seabed) return [];
  const margin = presentation.maskMarginSamples;
  const bsrMarks = marks.filter((m) => m.label === 1);
  const near = (t: number): boolean => bsrMarks.some((m) => t >= m.traceFrom - pt / 2 && t <= m.traceTo + pt / 2);
  // The shallowest BSR mark's top under the seabed, over its traces; Infinity without a BSR mark.
  let bsrDepth = Infinity;
  for (const m of bsrMarks) {
    const { from } = markSamples(m, section);
    for (let t = m.traceFrom; t <= m.traceTo; t++) {
      const sb = seabed[t];
      if (sb !== undefined && Number.isFinite(sb)) bsrDepth = Math.min(bsrDepth, from - sb);
    }
  }
  const deepest = Math.min(Math.max(margin, ps / 2) + ps / 4, bsrDepth - offBsrGap(ps));
  const step = Math.max(1, Math.round(ps / 8));
  const depths: number[] = [];
  for (let d = margin; d <= deepest + 1e-9; d += step) depths.push(d);
  const seams = line.seams ?? [];
  const out: Array<[number, number]> = [];
  for (let c = Math.floor(pt / 2); c < section.traces - pt / 2; c += everyTraces) {
    const sb = seabed[Math.round(c)];
    if (sb === undefined || !Number.isFinite(sb) || near(c)) continue;
    for (const d of depths) {
      const corner = cornerAt(line, c, sb + d);
      if (corner && !seams.some((t) => t > corner[0] && t < corner[0] + pt)) out.push(corner);
    }
  }
  return thinEvenly(out, max);
}

/**
 * How far a not-BSR patch centre keeps from a BSR, samples: at least 40 (beyond the scoring's 32) and half a patch, so
 * the BSR lies at the patch's edge or outside it.
 */
function offBsrGap(patchSamples: number): number {
  return Math.max(40, Math.ceil(patchSamples / 2));
}

/**
 * Not-BSR patches above and below the user's BSR marks: on the marked traces, centred a gap beyond the box (at least
 * 40 samples and half a patch, so the box's BSR lies at the patch's edge or outside it) and a quarter patch further.
 * A BSR is one surface, so these hold the strata just above and below it (the brightened gas-charged layers below
 * a BSR are the network's commonest miss-placement), and the map's scoring counts a patch centre that far from the
 * BSR as not-BSR. Only below the seabed mask, never within that gap of any BSR mark. `sources` are the marks to
 * take them from (the training ones), `marks` all marks (held-out BSR marks are never contradicted either).
 */
export function offBsrPatchCorners(
  line: PresentedLine,
  sources: readonly Mark[],
  marks: readonly Mark[],
  everyTraces = 8,
  max = 400,
): Array<[number, number]> {
  const { section, presentation, patchSamples: ps } = line;
  const seabed = foundSeabed(presentation);
  const gap = offBsrGap(ps);
  const bsrBoxes = marks.filter((m) => m.label === 1).map((m) => ({ m, ...markSamples(m, section) }));
  const nearBsr = (t: number, centre: number): boolean =>
    bsrBoxes.some(({ m, from, to }) => t >= m.traceFrom && t <= m.traceTo && centre > from - gap && centre < to + gap);
  const out: Array<[number, number]> = [];
  for (const mark of sources) {
    if (mark.label !== 1) continue;
    const { from, to } = markSamples(mark, section);
    for (let c = mark.traceFrom; c <= mark.traceTo; c += everyTraces) {
      const sb = seabed?.[Math.round(c)];
      const top = sb !== undefined && Number.isFinite(sb) ? sb + presentation.maskMarginSamples : 0;
      for (const centre of [from - gap, from - gap - ps / 4, to + gap, to + gap + ps / 4]) {
        const corner = centre < top || nearBsr(c, centre) ? null : cornerAt(line, c, centre);
        if (corner) out.push(corner);
      }
    }
  }
  return thinEvenly(out, max);
}

/** Cuts patches at the given corners (labels all `label`). */
export function cutPatchesAt(line: PresentedLine, corners: ReadonlyArray<[number, number]>, label: 0 | 1): PatchSet {
  const { section, patchTraces: pt, patchSamples: ps } = line;
  const x = new Float32Array(corners.length * PATCH_CELLS);
  const scratch = new Float32Array(pt * ps);
  corners.forEach(([ft, fs], k) => cutNetworkPatch(section, ft, fs, pt, ps, x, k * PATCH_CELLS, scratch));
  return { x, labels: new Uint8Array(corners.length).fill(label), side: PATCH_SIDE, count: corners.length };
}
