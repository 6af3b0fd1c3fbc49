/** Node-only ByteSource over a file handle (scripts and tests); the browser uses blobByteSource. */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from '../core/segy/byte-source';

/** A ByteSource that must be closed after use. */
export interface ClosableByteSource extends ByteSource {
  close(): Promise<void>;
}

/** Opens `path` for random-access reads; `name` (default: the base name) appears in error messages. */
export async function openFileByteSource(path: string, name = basename(path)): Promise<ClosableByteSource> {
  const handle: FileHandle = await open(path, 'r');
  const info = await handle.stat();
  if (info.isDirectory()) {
    await handle.close();
    // Reading it failed later with "EISDIR: illegal operation on a directory, read", naming no path.
    throw new Error(`${path} is a folder, not a SEG-Y or SU file`);
  }
  const { size } = info;
  return {
    size,
    name,
    async read(offset, length) {
      const len = Math.max(0, Math.min(length, size - offset));
      const buf = new Uint8Array(len);
      let done = 0;
      while (done < len) {
        const { bytesRead } = await handle.read(buf, done, len - done, offset + done);
        if (bytesRead === 0) break; // file shrank: the reader reports the short read
        done += bytesRead;
      }
      return done === len ? buf : buf.subarray(0, done);
    },
    close: () => handle.close(),
  };
}
