/**
 * <spn-segy-header-panel>: what an opened file says about itself: key binary-header values, the textual header
 * and the first trace headers. All file text is rendered through Lit text bindings (escaped), never as HTML.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SegySummary } from '../core/line/segy-types';
import type { TraceHeader } from '../core/segy';

const TRACE_COLUMNS: ReadonlyArray<[keyof TraceHeader, string]> = [
  ['traceSequenceLine', 'seq'],
  ['fieldRecord', 'FFID'],
  ['traceNumber', 'trace'],
  ['cdp', 'CDP'],
  ['inline', 'inline'],
  ['crossline', 'xline'],
  ['offset', 'offset'],
  ['sourceX', 'src X'],
  ['sourceY', 'src Y'],
  ['receiverX', 'rec X'],
  ['receiverY', 'rec Y'],
  ['delayMs', 'delay ms'],
  ['samples', 'ns'],
  ['sampleInterval', 'dt µs'],
];

@customElement('spn-segy-header-panel')
export class SegyHeaderPanel extends LitElement {
  static override styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px; }
    dt { color: #556; } dd { margin: 0; }
    pre { font: 12px ui-monospace, monospace; background: #f6f7f9; padding: 8px; overflow: auto; max-height: 320px; margin: 4px 0; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    th, td { padding: 2px 8px; text-align: right; border-bottom: 1px solid #e3e6ea; }
    .warn { color: #8a5300; }
  `;

  /** The opened file's summary. */
  @property({ attribute: false }) summary: SegySummary | null = null;

  override render() {
    const s = this.summary;
    if (!s) return nothing;
    const g = s.geometry;
    const rows: Array<[string, string]> = [
      ['file', `${s.file} (${(s.sizeBytes / 1048576).toFixed(2)} MB)`],
      [
        'kind',
        `${s.kind === 'su' ? 'Seismic Unix' : 'SEG-Y'}${s.revision ? ` rev ${s.revision.major}.${s.revision.minor}` : ''}, ${s.endian}-endian`,
      ],
      ['sample format', `${s.format.code}: ${s.format.name}`],
      ['traces', String(s.traceCount)],
      ['samples per trace', String(s.samplesPerTrace)],
      ['sample interval', s.sampleIntervalUs > 0 ? `${s.sampleIntervalUs} µs` : 'unknown'],
      [
        'geometry',
        `${g.kind}; ${g.inlines.length} inline(s), ${g.crosslines.length} crossline(s), ${g.offsets.length} offset(s)`,
      ],
    ];
    if (s.binaryHeader) rows.push(['trace sorting code', String(s.binaryHeader.sorting)]);
    return html`
      <dl>${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
      ${s.warnings.map((w) => html`<p class="warn">${w}</p>`)}
      ${s.textHeader ? html`<details><summary>Textual header</summary><pre>${s.textHeader}</pre></details>` : nothing}
      <details><summary>First ${s.firstHeaders.length} trace headers</summary>
        <table>
          <thead><tr><th>#</th>${TRACE_COLUMNS.map(([, label]) => html`<th>${label}</th>`)}</tr></thead>
          <tbody>${s.firstHeaders.map((h, i) => html`<tr><td>${i}</td>${TRACE_COLUMNS.map(([key]) => html`<td>${h[key]}</td>`)}</tr>`)}</tbody>
        </table>
      </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-segy-header-panel': SegyHeaderPanel;
  }
}
