/** Typed failure of the SEG-Y / SU reader: always names the file, and where known the header field and byte offset. */
export class SegyError extends Error {
  override readonly name = 'SegyError';
  /** Name of the file (or byte source) being read. */
  readonly file: string;
  /** Header field or structure at fault, in SEG-Y words (e.g. "sample format code"). */
  readonly field: string | undefined;
  /** 0-based byte offset in the file where the fault was found. */
  readonly byteOffset: number | undefined;

  constructor(file: string, detail: string, field?: string, byteOffset?: number) {
    super(SegyError.compose(file, detail, field, byteOffset));
    this.file = file;
    this.field = field;
    this.byteOffset = byteOffset;
  }

  /** One readable line: `file: field at byte offset N: detail`. */
  private static compose(file: string, detail: string, field?: string, byteOffset?: number): string {
    const where = [field, byteOffset === undefined ? undefined : `at byte offset ${byteOffset}`]
      .filter((s) => s !== undefined)
      .join(' ');
    return where ? `${file}: ${where}: ${detail}` : `${file}: ${detail}`;
  }
}

/** True for a SegyError, also one that crossed a worker boundary (comlink keeps only name and message). */
export function isSegyError(e: unknown): e is Error {
  return e instanceof Error && e.name === 'SegyError';
}

/** Thrown between chunks when the caller cancelled a header scan or a read. */
export class ReadCancelledError extends Error {
  override readonly name = 'ReadCancelledError';
  constructor(what = 'line read') {
    super(`${what} cancelled`);
  }
}
