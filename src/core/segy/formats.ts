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

const FORMATS: readonly SampleFormat[] = [
  { code: 1, bytes: 4, name: '4-byte IBM float', isFloat: true },
  { code: 2, bytes: 4, name: "4-byte two's complement integer", isFloat: false },
  { code: 3, bytes: 2, name: "2-byte two's complement integer", isFloat: false },
  { code: 5, bytes: 4, name: '4-byte IEEE float', isFloat: true },
  { code: 6, bytes: 8, name: '8-byte IEEE float', isFloat: true },
  { code: 7, bytes: 3, name: "3-byte two's complement integer", isFloat: false },
  { code: 8, bytes: 1, name: "1-byte two's complement integer", isFloat: false },
  { code: 9, bytes: 8, name: "8-byte two's complement integer", isFloat: false },
  { code: 10, bytes: 4, name: '4-byte unsigned integer', isFloat: false },
  { code: 11, bytes: 2, name: '2-byte unsigned integer', isFloat: false },
  { code: 12, bytes: 8, name: '8-byte unsigned integer', isFloat: false },
  { code: 15, bytes: 3, name: '3-byte unsigned integer', isFloat: false },
  { code: 16, bytes: 1, name: '1-byte unsigned integer', isFloat: false },
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
  const le = littleEndian;
  let bad = 0;
  for (let i = 0; i < count; i++) {
    let v: number;
    switch (format.code) {
      case 1:
        v = ibmFromWord(view.getUint32(i * 4, le));
        break;
      case 2:
        v = view.getInt32(i * 4, le);
        break;
      case 3:
        v = view.getInt16(i * 2, le);
        break;
      case 5:
        v = view.getFloat32(i * 4, le);
        break;
      case 6:
        v = view.getFloat64(i * 8, le);
        break;
      case 7:
        v = (uint24(view, i * 3, le) << 8) >> 8;
        break;
      case 8:
        v = view.getInt8(i);
        break;
      case 9:
        v = le
          ? view.getInt32(i * 8 + 4, true) * TWO_32 + view.getUint32(i * 8, true)
          : view.getInt32(i * 8, false) * TWO_32 + view.getUint32(i * 8 + 4, false);
        break;
      case 10:
        v = view.getUint32(i * 4, le);
        break;
      case 11:
        v = view.getUint16(i * 2, le);
        break;
      case 12:
        v = le
          ? view.getUint32(i * 8 + 4, true) * TWO_32 + view.getUint32(i * 8, true)
          : view.getUint32(i * 8, false) * TWO_32 + view.getUint32(i * 8 + 4, false);
        break;
      case 15:
        v = uint24(view, i * 3, le);
        break;
      case 16:
        v = view.getUint8(i);
        break;
      default:
        throw new Error(`decodeSamples: unsupported format ${format.code}`);
    }
    const f = Math.fround(v);
    if (format.isFloat && !Number.isFinite(f)) {
      bad++;
      out[outOffset + i] = 0;
    } else out[outOffset + i] = f;
  }
  return bad;
}

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
