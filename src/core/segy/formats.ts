/**
 * SEG-Y rev 2 sample format codes (binary header bytes 3225-3226) and their decoders.
 * Every format decodes to float32 because the display and the networks consume float32;
 * 32/64-bit integers therefore lose precision past 2^24, which the reader documents.
 */

/** One supported sample format. */
export interface SampleFormat {
  /** SEG-Y code. */
  readonly code: number;
  /** Bytes per sample. */
  readonly bytes: number;
  /** Name in the words of the SEG-Y rev 2 standard. */
  readonly name: string;
  /** Floating point: may carry NaN/Inf, which the decoder replaces by 0 and counts. */
  readonly isFloat: boolean;
}

/** The formats of one number type, as [code, bytes per sample] pairs: named "<bytes>-byte <type>". */
const family = (type: string, codes: ReadonlyArray<readonly [number, number]>): SampleFormat[] =>
  codes.map(([code, bytes]) => ({ code, bytes, name: `${bytes}-byte ${type}`, isFloat: type.endsWith('float') }));

const FORMATS: readonly SampleFormat[] = [
  ...family('IBM float', [[1, 4]]),
  ...family('IEEE float', [
    [5, 4],
    [6, 8],
  ]),
  ...family("two's complement integer", [
    [8, 1],
    [3, 2],
    [7, 3],
    [2, 4],
    [9, 8],
  ]),
  ...family('unsigned integer', [
    [16, 1],
    [11, 2],
    [15, 3],
    [10, 4],
    [12, 8],
  ]),
];

const BY_CODE = new Map(FORMATS.map((f) => [f.code, f]));

/** The format for a SEG-Y code, or undefined when unknown or unsupported (e.g. 4, obsolete fixed-point). */
export function sampleFormat(code: number): SampleFormat | undefined {
  return BY_CODE.get(code);
}

/** Codes defined by some SEG-Y revision but refused here, with the reason shown to the user. */
export const REFUSED_FORMATS: ReadonlyMap<number, string> = new Map([
  [4, '4-byte fixed-point with gain is obsolete (SEG-Y rev 0 only) and not supported'],
]);

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const TWO_32 = 4294967296;

/**
 * Decodes `count` samples from `src` (starting at its first byte) into `out[outOffset...]`.
 * Returns how many non-finite values were replaced by 0.
 */
export function decodeSamples(
  src: Uint8Array,
  format: SampleFormat,
  littleEndian: boolean,
  out: Float32Array,
  outOffset: number,
  count: number,
): number {
  if ((format.code === 1 || format.code === 5) && HOST_LITTLE_ENDIAN) {
    return decodeWords(src, format.code === 1, !littleEndian, out, outOffset, count);
  }
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const read = SAMPLE_READERS.get(format.code);
  if (read === undefined) throw new Error(`decodeSamples: unsupported format ${format.code}`);
  const step = format.bytes;
  let bad = 0;
  for (let i = 0; i < count; i++) {
    const v = read(view, i * step, littleEndian);
    const f = Math.fround(v);
    if (format.isFloat && !Number.isFinite(f)) {
      bad++;
      out[outOffset + i] = 0;
    } else out[outOffset + i] = f;
  }
  return bad;
}

/** Reads one sample at byte `at` of a SEG-Y format, by code. */
const SAMPLE_READERS: ReadonlyMap<number, (view: DataView, at: number, le: boolean) => number> = new Map([
  [1, (view, at, le) => ibmFromWord(view.getUint32(at, le))],
  [2, (view, at, le) => view.getInt32(at, le)],
  [3, (view, at, le) => view.getInt16(at, le)],
  [5, (view, at, le) => view.getFloat32(at, le)],
  [6, (view, at, le) => view.getFloat64(at, le)],
  [7, (view, at, le) => (uint24(view, at, le) << 8) >> 8],
  [8, (view, at) => view.getInt8(at)],
  [9, (view, at, le) => view.getInt32(at + (le ? 4 : 0), le) * TWO_32 + view.getUint32(at + (le ? 0 : 4), le)],
  [10, (view, at, le) => view.getUint32(at, le)],
  [11, (view, at, le) => view.getUint16(at, le)],
  [12, (view, at, le) => view.getUint32(at + (le ? 4 : 0), le) * TWO_32 + view.getUint32(at + (le ? 0 : 4), le)],
  [15, (view, at, le) => uint24(view, at, le)],
  [16, (view, at) => view.getUint8(at)],
]);

function uint24(view: DataView, at: number, le: boolean): number {
  const a = view.getUint8(at),
    b = view.getUint8(at + 1),
    c = view.getUint8(at + 2);
  return le ? (c << 16) | (b << 8) | a : (a << 16) | (b << 8) | c;
}

/** IBM hex float word (host order) to a JS number: (-1)^s * 0.mantissa * 16^(exp-64). */
export function ibmFromWord(w: number): number {
  const mant = w & 0x00ffffff;
  const v = mant * 2 ** (4 * (((w >>> 24) & 0x7f) - 64) - 24);
  return w & 0x80000000 ? -v : v;
}

/**
 * Fast path for 4-byte floats on a little-endian host: whole words through Uint32 views,
 * IBM converted by bit manipulation (normalise the hex mantissa, rebias the exponent).
 */
function decodeWords(
  src: Uint8Array,
  ibm: boolean,
  swap: boolean,
  out: Float32Array,
  outOffset: number,
  count: number,
): number {
  // Uint32Array needs 4-byte alignment; copy only when the caller's slice is misaligned.
  const aligned = (src.byteOffset & 3) === 0 ? src : src.slice(0, count * 4);
  const inWords = new Uint32Array(aligned.buffer, aligned.byteOffset, count);
  const outWords = new Uint32Array(out.buffer, out.byteOffset + outOffset * 4, count);
  const outFloats = new Float32Array(out.buffer, out.byteOffset + outOffset * 4, count);
  let bad = 0;
  for (let i = 0; i < count; i++) {
    let w = inWords[i]!;
    if (swap) w = ((w >>> 24) | ((w >>> 8) & 0xff00) | ((w << 8) & 0xff0000) | (w << 24)) >>> 0;
    if (!ibm) {
      if ((w & 0x7f800000) === 0x7f800000) {
        bad++;
        w = 0;
      }
      outWords[i] = w;
      continue;
    }
    const mant = w & 0x00ffffff;
    if (mant === 0) {
      outWords[i] = 0;
      continue;
    }
    const lz = Math.clz32(mant) - 8;
    const e = (((w >>> 24) & 0x7f) << 2) - 130 - lz;
    if (e > 0 && e < 255) {
      outWords[i] = ((w & 0x80000000) | (e << 23) | ((mant << lz) & 0x7fffff)) >>> 0;
    } else {
      // Out of float32's normal range: denormal/zero (fround does it) or overflow, replaced by 0.
      const f = Math.fround(ibmFromWord(w));
      if (Number.isFinite(f)) outFloats[i] = f;
      else {
        bad++;
        outWords[i] = 0;
      }
    }
  }
  return bad;
}
