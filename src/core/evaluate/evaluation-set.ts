/**
 * The fixed evaluation set: twelve seeded test lines, eight with a BSR (wavelets x sample rates x
 * noise x geometry) and four BSR-free ones with BSR look-alikes. Sizes are kept so that the whole
 * set is ~50,000 patches at stride 8 (tens of seconds of classification). Changing a line changes
 * every score measured on it: add new lines under new ids instead of editing these.
 */
import type { TestLineSpec } from './test-lines';

export const FIXED_EVALUATION_SET: readonly TestLineSpec[] = [
  {
    id: 'bsr-r30-4ms',
    description: 'Ricker 30 Hz, 4 ms, 20 dB; flat seabed, draped strata, a clear BSR 300 ms below it',
    options: {
      seed: 1501,
      traces: 400,
      samples: 700,
      dtMs: 4,
      wavelet: 'ricker',
      freqHz: 30,
      snrDb: 20,
      seabed: { shape: 'flat', depthMs: 900 },
      strata: { dipMsPerTrace: 0.05, drape: 0.9 },
      bsr: { belowSeabedMs: 300, amplitude: 0.14 },
    },
  },
  {
    id: 'bsr-r25-4ms-slope',
    description: 'Ricker 25 Hz, 4 ms, 10 dB; sloping seabed, dipping strata cut by the BSR, two gaps',
    options: {
      seed: 1502,
      traces: 480,
      samples: 800,
      dtMs: 4,
      wavelet: 'ricker',
      freqHz: 25,
      snrDb: 10,
      seabed: { shape: 'sloping', depthMs: 1200, slopeMsPerTrace: 0.9 },
      strata: { dipMsPerTrace: -0.5, drape: 0.2 },
      bsr: { belowSeabedMs: 400, amplitude: 0.12, gaps: 2 },
    },
  },
  {
    id: 'bsr-d35-4ms-rough',
    description:
      'generator-like doublet 35 Hz, 4 ms, 15 dB; rough seabed, blanking above and brightening below the BSR',
    options: {
      seed: 1503,
      traces: 400,
      samples: 700,
      dtMs: 4,
      wavelet: 'doublet',
      freqHz: 35,
      snrDb: 15,
      seabed: { shape: 'rough', depthMs: 1000, roughnessMs: 40 },
      strata: { dipMsPerTrace: 0.2, drape: 0.6 },
      bsr: { belowSeabedMs: 350, amplitude: 0.1, blanking: 0.3, brightening: 2.5 },
    },
  },
  {
    id: 'bsr-rot90-30-2ms',
    description: 'Ricker 30 Hz rotated 90°, 2 ms, 12 dB; gently sloping seabed, dipping strata',
    options: {
      seed: 1504,
      traces: 360,
      samples: 1100,
      dtMs: 2,
      wavelet: 'rotated',
      phaseDeg: 90,
      freqHz: 30,
      snrDb: 12,
      seabed: { shape: 'sloping', depthMs: 700, slopeMsPerTrace: -0.4 },
      strata: { dipMsPerTrace: 0.35, drape: 0.5 },
      bsr: { belowSeabedMs: 250, amplitude: 0.12, gaps: 1 },
    },
  },
  {
    id: 'bsr-rot45-40-2ms-weak',
    description: 'Ricker 40 Hz rotated -45°, 2 ms, 6 dB (noisy); weak BSR with strongly varying amplitude',
    options: {
      seed: 1505,
      traces: 420,
      samples: 1000,
      dtMs: 2,
      wavelet: 'rotated',
      phaseDeg: -45,
      freqHz: 40,
      snrDb: 6,
      seabed: { shape: 'rough', depthMs: 600, roughnessMs: 20 },
      strata: { dipMsPerTrace: -0.15, drape: 0.8 },
      bsr: { belowSeabedMs: 280, amplitude: 0.07, variation: 0.7 },
    },
  },
  {
    id: 'bsr-r50-1ms',
    description: 'Ricker 50 Hz, 1 ms, 15 dB; high-resolution line, flat seabed, dipping strata',
    options: {
      seed: 1506,
      traces: 300,
      samples: 1400,
      dtMs: 1,
      wavelet: 'ricker',
      freqHz: 50,
      snrDb: 15,
      seabed: { shape: 'flat', depthMs: 500 },
      strata: { dipMsPerTrace: 0.25, drape: 0.3, thicknessMs: 6 },
      bsr: { belowSeabedMs: 450, amplitude: 0.12, blanking: 0.5 },
    },
  },
  {
    id: 'bsr-r20-4ms-deep',
    description: 'Ricker 20 Hz, 4 ms, 8 dB; deep water, sloping seabed, BSR with three gaps and brightening below',
    options: {
      seed: 1507,
      traces: 520,
      samples: 800,
      dtMs: 4,
      wavelet: 'ricker',
      freqHz: 20,
      snrDb: 8,
      seabed: { shape: 'sloping', depthMs: 2000, slopeMsPerTrace: 0.5 },
      strata: { dipMsPerTrace: 0.1, drape: 0.7, thicknessMs: 14 },
      bsr: { belowSeabedMs: 500, amplitude: 0.12, gaps: 3, brightening: 2 },
    },
  },
  {
    id: 'bsr-d45-4ms-multiple',
    description: 'doublet 45 Hz, 4 ms, 15 dB; shallow flat seabed with its multiple below a BSR',
    options: {
      seed: 1508,
      traces: 450,
      samples: 750,
      dtMs: 4,
      wavelet: 'doublet',
      freqHz: 45,
      snrDb: 15,
      seabed: { shape: 'flat', depthMs: 700 },
      strata: { dipMsPerTrace: -0.3, drape: 0.9 },
      bsr: { belowSeabedMs: 250, amplitude: 0.12, gaps: 1 },
      multiple: true,
    },
  },
  {
    id: 'free-bright-strata-4ms',
    description: 'no BSR: Ricker 30 Hz, 4 ms, 15 dB; draped strata with three bright normal-polarity layers',
    options: {
      seed: 1509,
      traces: 400,
      samples: 700,
      dtMs: 4,
      wavelet: 'ricker',
      freqHz: 30,
      snrDb: 15,
      seabed: { shape: 'flat', depthMs: 900 },
      strata: { dipMsPerTrace: 0.05, drape: 0.95 },
      brightStrata: 3,
    },
  },
  {
    id: 'free-bright-spots-2ms',
    description: 'no BSR: Ricker 35 Hz rotated 30°, 2 ms, 12 dB; four bright spots (negative lenses) on dipping strata',
    options: {
      seed: 1510,
      traces: 380,
      samples: 1000,
      dtMs: 2,
      wavelet: 'rotated',
      phaseDeg: 30,
      freqHz: 35,
      snrDb: 12,
      seabed: { shape: 'sloping', depthMs: 700, slopeMsPerTrace: 0.3 },
      strata: { dipMsPerTrace: 0.3, drape: 0.4 },
      brightSpots: 4,
    },
  },
  {
    id: 'free-multiple-4ms',
    description: 'no BSR: doublet 30 Hz, 4 ms, 15 dB; shallow flat seabed and its reversed-polarity multiple',
    options: {
      seed: 1511,
      traces: 400,
      samples: 750,
      dtMs: 4,
      wavelet: 'doublet',
      freqHz: 30,
      snrDb: 15,
      seabed: { shape: 'flat', depthMs: 800 },
      strata: { dipMsPerTrace: 0.1, drape: 0.9 },
      multiple: true,
    },
  },
  {
    id: 'free-rough-6db-4ms',
    description: 'no BSR: Ricker 25 Hz, 4 ms, 6 dB; rough seabed, dipping strata, two bright layers',
    options: {
      seed: 1512,
      traces: 500,
      samples: 600,
      dtMs: 4,
      wavelet: 'ricker',
      freqHz: 25,
      snrDb: 6,
      seabed: { shape: 'rough', depthMs: 800, roughnessMs: 50 },
      strata: { dipMsPerTrace: -0.4, drape: 0.5 },
      brightStrata: 2,
    },
  },
];

/** The spec of `id`; throws naming the known ids. */
export function evaluationLine(id: string): TestLineSpec {
  const spec = FIXED_EVALUATION_SET.find((s) => s.id === id);
  if (!spec) throw new RangeError(`no test line "${id}"; known: ${FIXED_EVALUATION_SET.map((s) => s.id).join(', ')}`);
  return spec;
}
