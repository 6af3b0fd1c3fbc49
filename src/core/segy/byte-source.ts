/**
 * Random-access byte sources the reader streams from, so a multi-GB file is never loaded whole.
 * Node's file handle version lives in src/node (core must not import node:fs).
 */

/** Random access to a file's bytes. `read` may return fewer bytes only at the end of the file. */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** File name used in error messages. */
  readonly name: string;
  /** Reads `length` bytes starting at byte `offset`. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** The part of a Blob/File the reader needs, typed structurally so core compiles without DOM libs. */
export interface BlobLike {
  readonly size: number;
  readonly name?: string;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** ByteSource over a Blob or File (browser page, worker, or node >= 20). */
export function blobByteSource(blob: BlobLike, name = blob.name ?? 'blob'): ByteSource {
  return {
    size: blob.size,
    name,
    async read(offset, length) {
      const end = Math.min(blob.size, offset + length);
      if (offset >= end) return new Uint8Array(0);
      return new Uint8Array(await blob.slice(offset, end).arrayBuffer());
    },
  };
}

/** ByteSource over bytes already in memory (tests, small uploads). */
export function bytesByteSource(bytes: Uint8Array, name = 'memory'): ByteSource {
  return {
    size: bytes.length,
    name,
    read(offset, length) {
      // A copy, so callers may keep or transfer the result without aliasing the source.
      return Promise.resolve(bytes.slice(offset, Math.min(bytes.length, offset + length)));
    },
  };
}
