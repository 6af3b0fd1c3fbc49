/**
 * <spn-job-progress>: one long job (opening a file, reading a line, saliency…) as "label · n / N unit · ≈ 12 s
 * left" with a progress bar and a Cancel button. Renders the job it is given and emits `job-cancel`; runs nothing.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { controlRowStyles } from './shared-styles';
import { formatEta } from '../core/jobs/eta';
import type { Job, JobKind } from '../app/jobs';

/** Detail of `job-cancel`: which job to stop. */
export interface JobCancelDetail {
  kind: JobKind;
}

@customElement('spn-job-progress')
export class JobProgressView extends LitElement {
  static override styles = [
    controlRowStyles,
    css`
      :host { color: #345; }
      progress { width: 180px; }
    `,
  ];

  @property({ attribute: false }) job: Job | null = null;

  override render() {
    const job = this.job;
    if (!job) return nothing;
    const p = job.progress,
      eta = formatEta(p?.etaSeconds ?? null);
    return html`<span class="label">${job.label}</span>
      ${p ? html`<progress max=${p.total} .value=${p.done}></progress>` : html`<progress></progress>`}
      <span class="count" role="status"
        >${p ? `${p.done} / ${p.total} ${job.unit}${eta ? ` · ${eta}` : ''}` : '…'}</span
      >
      <button type="button" aria-label=${`Cancel: ${job.label}`} @click=${this._cancel}>Cancel</button>`;
  }

  private _cancel = (): void => {
    const kind = this.job?.kind;
    if (kind)
      this.dispatchEvent(
        new CustomEvent<JobCancelDetail>('job-cancel', { detail: { kind }, bubbles: true, composed: true }),
      );
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'spn-job-progress': JobProgressView;
  }
  interface HTMLElementEventMap {
    'job-cancel': CustomEvent<JobCancelDetail>;
  }
}
