/** The SEG-Y writer read back by the project's own reader: geometry, format, samples, textual header. */
import { expect, it } from 'vitest';
import { SegyReader, bytesByteSource } from '../../../src/core/segy';
import { writeSegy } from '../../../src/core/segy/write';

it('writes a rev 1 IEEE-float line that the reader returns sample for sample', async () => {
  const traces = 7,
    samples = 33;
  const data = Float32Array.from({ length: traces * samples }, (_, i) => Math.sin(i * 0.37) * 1000 + i / 7);
  const bytes = writeSegy({ traces, samples, dtUs: 2000, data }, ['test line: ([{<>}])', 'second card']);
  expect(bytes.length).toBe(3600 + traces * (240 + 4 * samples));
  const r = await SegyReader.open(bytesByteSource(bytes, 'w.sgy'));
  expect(r).toMatchObject({ traceCount: traces, samplesPerTrace: samples, sampleIntervalUs: 2000, kind: 'segy' });
  expect(r.format.code).toBe(5);
  expect(r.revision).toEqual({ major: 1, minor: 0 });
  expect(r.warnings).toEqual([]);
  expect(r.textEncoding).toBe('ebcdic');
  expect(r.textHeader).toContain('C 1 test line: ([{<>}])');
  expect(r.textHeader).toContain('C 2 second card');
  expect((await r.readTraces(0, traces)).samples).toEqual(data);
  expect((await r.readTraces(3, 2)).samples).toEqual(data.subarray(3 * samples, 5 * samples));
});

it('refuses a line it cannot write, naming the field', () => {
  expect(() => writeSegy({ traces: 2, samples: 3, dtUs: 1000, data: new Float32Array(5) })).toThrow(
    /data holds 5 samples, expected 2 x 3/,
  );
  expect(() => writeSegy({ traces: 1, samples: 3, dtUs: 40000, data: new Float32Array(3) })).toThrow(
    /dtUs must be an integer 0\.\.32767/,
  );
});
