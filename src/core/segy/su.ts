/**
 * Seismic Unix files: no file headers, just 240-byte trace headers each followed by IEEE float32
 * samples in the byte order of the machine that wrote them. The order is found by which reading of
 * the sample count (bytes 115-116) tiles the file exactly and agrees with the last trace.
 */
import type { ByteSource } from './byte-source';
import { SegyError } from './errors';
import { sampleFormat } from './formats';
import { TRACE_HEADER_BYTES, resolveInterval, type Endian } from './headers';
import { readExactly, type Layout } from './layout';

const IEEE_FLOAT = sampleFormat(5)!;

/** Opens a Seismic Unix file, detecting its byte order. */
export async function suLayout(src: ByteSource): Promise<Layout> {
  if (src.size === 0) throw new SegyError(src.name, 'file is empty (0 bytes)', 'file size', 0);
  if (src.size < TRACE_HEADER_BYTES) {
    throw new SegyError(
      src.name,
      `file has ${src.size} bytes, fewer than one 240-byte SU trace header`,
      'trace header 0',
      0,
    );
  }
  const first = await readExactly(src, 0, TRACE_HEADER_BYTES, 'trace header 0');
  const firstView = new DataView(first.buffer, first.byteOffset, TRACE_HEADER_BYTES);
  const seen: string[] = [];
  for (const endian of ['big', 'little'] as const satisfies readonly Endian[]) {
    const le = endian === 'little';
    const samples = firstView.getUint16(114, le);
    const interval = firstView.getInt16(116, le);
    seen.push(`${samples} (${endian}-endian)`);
    if (samples === 0 || interval < 0) continue;
    const traceBytes = TRACE_HEADER_BYTES + samples * 4;
    if (src.size % traceBytes !== 0) continue;
    const traceCount = src.size / traceBytes;
    if (traceCount > 1) {
      // Guards against a lucky divisor: the last trace must describe itself the same way.
      const last = await readExactly(src, src.size - traceBytes, TRACE_HEADER_BYTES, `trace header ${traceCount - 1}`);
      if (new DataView(last.buffer, last.byteOffset, TRACE_HEADER_BYTES).getUint16(114, le) !== samples) continue;
    }
    return {
      kind: 'su',
      endian,
      format: IEEE_FLOAT,
      samples,
      sampleIntervalUs: resolveInterval(0, interval),
      dataOffset: 0,
      traceHeaderBytes: TRACE_HEADER_BYTES,
      traceBytes,
      traceCount,
      revision: null,
      textHeader: '',
      textEncoding: null,
      extendedTextHeaders: [],
      binaryHeader: null,
      warnings: [],
    };
  }
  throw new SegyError(
    src.name,
    `not a Seismic Unix file: samples per trace read as ${seen.join(' or ')} does not tile the ${src.size}-byte file into whole traces`,
    'trace 0 samples (bytes 115-116)',
    114,
  );
}
