/** SEG-Y / Seismic Unix reader: public API. */
export { SegyReader, type ScanOptions, type SegyKind, type TraceBlock } from './reader';
export { ReadCancelledError, SegyError, isSegyError } from './errors';
export { blobByteSource, bytesByteSource, type BlobLike, type ByteSource } from './byte-source';
export { sampleFormat, type SampleFormat } from './formats';
export type { BinaryHeader, Endian, TraceHeader } from './headers';
export type { Geometry, GatherKey, LineSelector } from './geometry';
export type { TextEncoding } from './text';
export type { FileHeaderFacts } from './layout';
export { traceStats, type TraceStats } from './stats';
