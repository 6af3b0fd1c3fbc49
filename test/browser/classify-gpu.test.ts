/**
 * The classify worker on the GPU backends, WebGPU and WebGL (a user's GPU, where the backend probe picks one): the
 * shipped model's map of the synthetic demo line and the saliency of one patch, each equal to the cpu backend's
 * within float tolerance. Other classify tests run the cpu backend; each case here runs only where its backend
 * exists (SwiftShader's fallback adapter and software WebGL in headless Chromium here) and is skipped, saying why,
 * elsewhere. Kept small (stride 48, the matched scale only): software GPUs are slow.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ClassifyClient, type ClassifySettings } from '../../src/app/classify-client';
import { DEMO_MODEL_URL } from '../../src/app/model-catalog';
import { demoSection } from '../../src/app/demo-line';
import { patchCentre } from '../../src/core/classify/grid';
import { hasWebglOrSkip, hasWebgpuAdapterOrSkip } from './gpu-backends';

const clients: ClassifyClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
});

const SETTINGS: ClassifySettings = { patchTraces: 72, stride: 48, scale: 'matched', bsrBaseRate: 0.5 };

async function mapOn(backend: 'cpu' | 'webgpu' | 'webgl', modelText: string) {
  const client = new ClassifyClient(backend);
  clients.push(client);
  expect(await client.backendName()).toBe(backend);
  await client.loadModel(modelText);
  const t0 = performance.now();
  const map = await client.classify(demoSection(1), SETTINGS);
  const seconds = (performance.now() - t0) / 1000;
  let best = 0;
  map.values.forEach((p, i) => {
    if (p > (map.values[best] ?? 0)) best = i;
  });
  // The saliency of the most probable patch, asked for at its centre as a click there would.
  const centre = patchCentre(map.grid, best % map.grid.cols, Math.floor(best / map.grid.cols));
  const saliency = await client.saliency(Math.round(centre.trace), Math.round(centre.sample));
  return { map, saliency, seconds };
}

describe('classification on the GPU backends', () => {
  it.for(['webgpu', 'webgl'] as const)(
    '%s gives the cpu backend’s map and saliency on the demo line (or is skipped)',
    async (backend, ctx) => {
      if (backend === 'webgpu' ? !(await hasWebgpuAdapterOrSkip(ctx)) : !hasWebglOrSkip(ctx)) return;
      const modelText = await (await fetch(`/public/${DEMO_MODEL_URL}`)).text();
      const cpu = await mapOn('cpu', modelText);
      const gpu = await mapOn(backend, modelText);
      console.log(
        `demo line at stride 48: ${gpu.map.done} patches on ${gpu.map.backend} in ${gpu.seconds.toFixed(1)} s, cpu ${cpu.seconds.toFixed(1)} s`,
      );
      expect(gpu.map.backend).toBe(backend);
      expect(cpu.map.backend).toBe('cpu');
      expect(gpu.map.cancelled).toBe(false);
      expect(gpu.map.grid).toEqual(cpu.map.grid);
      expect(gpu.map.done).toBe(cpu.map.done);
      let maxDiff = 0;
      cpu.map.values.forEach((p, i) => {
        const q = gpu.map.values[i]!;
        expect(Number.isNaN(q)).toBe(Number.isNaN(p));
        if (!Number.isNaN(p)) maxDiff = Math.max(maxDiff, Math.abs(p - q));
      });
      console.log(`max |P(${backend}) - P(cpu)| = ${maxDiff.toExponential(2)}`);
      expect(maxDiff).toBeLessThan(1e-3);
      // The map must say something: not one value everywhere.
      const finite = Array.from(cpu.map.values).filter((p) => !Number.isNaN(p));
      expect(Math.max(...finite) - Math.min(...finite)).toBeGreaterThan(0.1);
      expect([gpu.saliency.col, gpu.saliency.row]).toEqual([cpu.saliency.col, cpu.saliency.row]);
      let salDiff = 0,
        salMax = 0;
      cpu.saliency.saliency.forEach((v, i) => {
        salDiff = Math.max(salDiff, Math.abs(v - gpu.saliency.saliency[i]!));
        salMax = Math.max(salMax, Math.abs(v));
      });
      expect(salMax).toBeGreaterThan(0);
      expect(salDiff / salMax).toBeLessThan(1e-2);
    },
  );
});
