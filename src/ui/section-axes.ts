/** Axes of the section plot: time (ms) on the left, trace number or CDP along the bottom (ticks: core/display/ticks). */
import { axisTicks, integerTicks } from '../core/display/ticks';
import { sampleTime, type PlotBox, type ViewerSection } from './section-paint';
import type { View } from './viewport';

/**
 * Axes: time (ms) on the left, trace index (0-based, as in marks and the CSV files; a preview's column k is the
 * file's trace k × traceStep) or CDP along the bottom.
 */
export function drawAxes(
  ctx: CanvasRenderingContext2D,
  box: PlotBox,
  v: View,
  s: ViewerSection,
  xAxis: 'trace' | 'cdp',
  traceStep = 1,
): void {
  ctx.save();
  ctx.strokeStyle = '#556';
  ctx.fillStyle = '#223';
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeRect(box.left - 0.5, box.top - 0.5, box.width + 1, box.height + 1);
  const sampleSpan = box.height / v.pxPerSample;
  const tLo = sampleTime(s, v.sample0 - 0.5),
    tHi = sampleTime(s, v.sample0 + sampleSpan - 0.5);
  const perSample = sampleTime(s, 1) - sampleTime(s, 0);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of axisTicks(tLo, tHi, box.height, 50)) {
    const yy = box.top + ((t - sampleTime(s, 0)) / perSample + 0.5 - v.sample0) * v.pxPerSample;
    ctx.fillRect(box.left - 5, Math.round(yy), 5, 1);
    ctx.fillText(String(t), box.left - 7, yy);
  }
  ctx.save();
  ctx.translate(12, box.top + box.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(s.sampleIntervalUs > 0 ? 'time (ms)' : 'sample', 0, 0);
  ctx.restore();
  const traceSpan = box.width / v.pxPerTrace;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const useCdp = xAxis === 'cdp' && s.cdp !== undefined;
  // Trace t spans [t, t + 1): its tick sits at its middle.
  for (const n of integerTicks(
    Math.max(0, v.trace0 - 0.5),
    Math.min(s.traceCount - 1, v.trace0 + traceSpan - 0.5),
    box.width,
    80,
  )) {
    const xx = box.left + (n + 0.5 - v.trace0) * v.pxPerTrace;
    ctx.fillRect(Math.round(xx), box.top + box.height, 1, 5);
    ctx.fillText(String(useCdp ? s.cdp?.[n] : n * traceStep), xx, box.top + box.height + 7);
  }
  ctx.fillText(useCdp ? 'CDP' : 'trace', box.left + box.width / 2, box.top + box.height + 21);
  ctx.restore();
}
