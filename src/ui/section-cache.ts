/**
 * What the section viewer derives from its section and settings, computed once per change and kept between frames:
 * the displayed amplitudes (the section's own samples, or an AGC copy: the section is never written to), their
 * sorted |amplitude| sample for the clip, the histogram, the painted image, the map's overlay image and contour,
 * and which trace headers the line has.
 */
import { amplitudeSample, clipAt } from '../core/display/clip';
import { agc, agcWindowSamples, dbToFactor } from '../core/display/gain';
import { amplitudeHistogram, type Histogram } from '../core/display/histogram';
import { contourSegments } from '../core/display/contour';
import { headerFields, headerReadout, type HeaderFields } from '../core/display/headers';
import {
  paintProbability,
  paintSection,
  probabilityAt,
  sampleTime,
  type SectionImage,
  type ViewerSection,
} from './section-paint';
import type { ProbabilityGrid } from '../core/classify/results';

export class SectionCache {
  /** Displayed amplitudes, trace-major. */
  display: Float32Array | null = null;
  histogram: Histogram | null = null;
  image: SectionImage | null = null;
  /** False once a setting changed that the image shows; the next frame paints it again. */
  imageCurrent = false;
  overlay: OffscreenCanvas | null = null;
  /** Threshold contour segments of the map, grid coordinates. */
  contour: Float32Array | null = null;
  private sorted: Float32Array | null = null;
  private fields: HeaderFields | null = null;

  /** A new section or AGC window: displayed amplitudes, clip sample, histogram, header fields. */
  setSection(s: ViewerSection | null, agcMs: number): void {
    this.display = !s
      ? null
      : agcMs > 0
        ? agc(s.samples, s.traceCount, s.samplesPerTrace, agcWindowSamples(agcMs, s.sampleIntervalUs))
        : s.samples;
    const sorted = (this.sorted = this.display ? amplitudeSample(this.display) : null);
    this.histogram = this.display && sorted ? amplitudeHistogram(this.display, sorted[sorted.length - 1] ?? 1) : null;
    this.fields = s ? headerFields(s) : null;
    this.imageCurrent = false;
  }

  /** Amplitude at the ends of the colour map: the clip percentile's value over the constant gain. */
  clip(percentile: number, gainDb: number): number {
    return (this.sorted ? clipAt(this.sorted, percentile) : 1) / dbToFactor(gainDb);
  }

  /** Paints the image again when a setting it shows changed; true when it did. */
  paint(s: ViewerSection, lut: Uint8ClampedArray, clip: number): boolean {
    if (this.imageCurrent || !this.display) return false;
    this.image = paintSection(s, this.display, lut, clip, this.image);
    this.imageCurrent = true;
    return true;
  }

  setMap(grid: ProbabilityGrid | null, threshold: number): void {
    this.overlay = grid ? paintProbability(grid) : null;
    this.setThreshold(grid, threshold);
  }

  setThreshold(grid: ProbabilityGrid | null, threshold: number): void {
    this.contour = grid ? contourSegments(grid, threshold) : null;
  }

  /** Readout of a cell: trace (0-based, as in marks and the CSV files), its headers, time, raw amplitude and P(BSR) at (fx, fy). */
  readout(
    s: ViewerSection,
    cell: { trace: number; sample: number; fx: number; fy: number },
    grid: ProbabilityGrid | null,
    traceStep = 1,
  ): string {
    // A preview's column is the file's trace cell.trace × traceStep (its headers are that trace's already).
    const parts = [
      `trace ${cell.trace * traceStep}`,
      ...(this.fields ? headerReadout(s, this.fields, cell.trace) : []),
    ];
    const t = sampleTime(s, cell.sample);
    parts.push(s.sampleIntervalUs > 0 ? `${Number(t.toFixed(3))} ms` : `sample ${cell.sample}`);
    parts.push(
      `amplitude ${Number((s.samples[cell.trace * s.samplesPerTrace + cell.sample] as number).toPrecision(5))}`,
    );
    const p = grid ? probabilityAt(grid, cell.fx, cell.fy) : undefined;
    if (p !== undefined) parts.push(`P(BSR) ${p.toFixed(3)}`);
    return parts.join(' · ');
  }
}
