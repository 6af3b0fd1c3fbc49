/**
 * The per-trace header arrays of a Section: allocated and filled in one place, so the line reader, the decimated
 * preview and the demo line keep the same fields.
 */
import type { TraceHeader } from '../segy';
import type { TraceHeaderField, TraceRecordField } from '../segy/write';
import type { Section } from './segy-types';

/** A Section's per-trace header arrays, one entry a trace. */
export type SectionHeaders = Pick<Section, 'fileIndex' | TraceHeaderField | TraceRecordField>;

/** Zeroed header arrays for `traceCount` traces. */
export function emptySectionHeaders(traceCount: number): SectionHeaders {
  const n = traceCount;
  return {
    fileIndex: new Int32Array(n),
    traceSequence: new Int32Array(n),
    fieldRecord: new Int32Array(n),
    traceNumber: new Int32Array(n),
    cdp: new Int32Array(n),
    inline: new Int32Array(n),
    crossline: new Int32Array(n),
    offset: new Int32Array(n),
    sourceX: new Float64Array(n),
    sourceY: new Float64Array(n),
    receiverX: new Float64Array(n),
    receiverY: new Float64Array(n),
    cdpX: new Float64Array(n),
    cdpY: new Float64Array(n),
  };
}

/** Stores trace `i` of the section: its index in the file and its header fields. */
export function setSectionTrace(s: SectionHeaders, i: number, fileIndex: number, h: TraceHeader): void {
  s.fileIndex[i] = fileIndex;
  s.traceSequence[i] = h.traceSequenceLine;
  s.fieldRecord[i] = h.fieldRecord;
  s.traceNumber[i] = h.traceNumber;
  s.cdp[i] = h.cdp;
  s.inline[i] = h.inline;
  s.crossline[i] = h.crossline;
  s.offset[i] = h.offset;
  s.sourceX[i] = h.sourceX;
  s.sourceY[i] = h.sourceY;
  s.receiverX[i] = h.receiverX;
  s.receiverY[i] = h.receiverY;
  s.cdpX[i] = h.cdpX;
  s.cdpY[i] = h.cdpY;
}

/** The header arrays of traces [first, first + count) of `s` (views, no copies). */
export function sectionHeadersSlice(s: SectionHeaders, first: number, count: number): SectionHeaders {
  const end = first + count;
  return {
    fileIndex: s.fileIndex.subarray(first, end),
    traceSequence: s.traceSequence.subarray(first, end),
    fieldRecord: s.fieldRecord.subarray(first, end),
    traceNumber: s.traceNumber.subarray(first, end),
    cdp: s.cdp.subarray(first, end),
    inline: s.inline.subarray(first, end),
    crossline: s.crossline.subarray(first, end),
    offset: s.offset.subarray(first, end),
    sourceX: s.sourceX.subarray(first, end),
    sourceY: s.sourceY.subarray(first, end),
    receiverX: s.receiverX.subarray(first, end),
    receiverY: s.receiverY.subarray(first, end),
    cdpX: s.cdpX.subarray(first, end),
    cdpY: s.cdpY.subarray(first, end),
  };
}
