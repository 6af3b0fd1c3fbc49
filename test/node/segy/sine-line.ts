/** A small float line for the CLI tests: gently dipping sine strata, 96 traces x 200 samples at 4 ms. */
import { writeSegy } from '../../../src/core/segy/write';

/** The line as SEG-Y bytes; `edit` changes its samples (trace-major) first. */
export function sineLineSegy(edit: (data: Float32Array, samples: number) => void = () => undefined) {
  const traces = 96,
    samples = 200;
  const data = new Float32Array(traces * samples);
  for (let t = 0; t < traces; t++) for (let s = 0; s < samples; s++) data[t * samples + s] = Math.sin((s + t / 4) / 3);
  edit(data, samples);
  return { traces, samples, bytes: writeSegy({ traces, samples, dtUs: 4000, data }) };
}
