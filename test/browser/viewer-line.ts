/** The real line 31_81_PR.sgy read through the SEG-Y reader, as the section viewer takes it (with its CDP numbers). */
import { SegyReader, blobByteSource } from '../../src/core/segy';
import type { ViewerSection } from '../../src/ui/section-paint';

export async function readViewerLine(): Promise<ViewerSection & { cdp: Int32Array }> {
  const blob = await (await fetch('/test/fixtures/segy/seisplot/31_81_PR.sgy')).blob();
  const reader = await SegyReader.open(blobByteSource(blob, '31_81_PR.sgy'));
  const block = await reader.readTraces(0, reader.traceCount);
  return {
    traceCount: block.count,
    samplesPerTrace: block.samplesPerTrace,
    sampleIntervalUs: reader.sampleIntervalUs,
    delayMs: block.headers[0]?.delayMs ?? 0,
    samples: block.samples,
    cdp: Int32Array.from(block.headers, (h) => h.cdp),
  };
}
