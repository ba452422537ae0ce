// The plan cache saves time only: a plan made with a cache shared by other plans (a sweep, the dashboard) is the
// plan made alone. In particular a schedule's E2E comparison, remembered by every request field but the layouts,
// must not be taken from a request that differs in any other field.
import { describe, expect, it } from 'vitest';
import { gpuById } from '../../src/hardware/lookup.js';
import { catalogSpec } from '../../src/model/catalog.js';
import { newPlanCache, plan } from '../../src/plan/plan.js';
import type { PlanRequest } from '../../src/plan/types.js';

const base: PlanRequest = {
  model: catalogSpec('llama-2-7b')!,
  gpu: gpuById('a100-40gb'),
  gpus: 8,
  seqLen: 2048,
  microBatch: 'auto',
  strategy: 'segprop',
  segprop: { segmentSize: 4, headDepth: 2, prefixDepth: 4, forward: 'full' },
  checkpointing: 'full',
  attention: 'flash',
  precision: 'bf16-mixed',
  optimizer: 'adamw',
  runtime: 'pytorch',
};

const alone = (req: PlanRequest): unknown => JSON.parse(JSON.stringify(plan(req)));

describe('plans over a shared cache', () => {
  it('equal the plans made alone, E2E comparison included, across layouts and other settings', () => {
    const requests: PlanRequest[] = [];
    for (const segmentSize of [1, 3, 8]) {
      for (const headDepth of [0, 2]) {
        for (const forward of ['full', 'growing'] as const) requests.push({ ...base, segprop: { segmentSize, headDepth, prefixDepth: 4, forward } });
      }
    }
    // the same layout at one micro-batch with one other field changed each time: none may reuse another's E2E step
    const one: PlanRequest = { ...base, microBatch: 1 };
    requests.push(
      one,
      { ...one, checkpointing: 'none' },
      { ...one, gradAccum: 2 },
      { ...one, placement: { trainable: { weights: 'replicated', gradients: 'replicated', optimizer: 'replicated' } } },
      { ...one, placement: { trainable: { weights: 'sharded', gradients: 'sharded', optimizer: 'offloaded' } } },
      { ...one, gpus: 16 },
      { ...one, gpu: gpuById('h100-sxm') },
      { ...one, model: catalogSpec('llama-2-13b')! },
      { ...one, optimizer: 'sgd' },
      { ...one, seqLen: 4096 },
    );
    const cache = newPlanCache();
    const shared = requests.map((r) => JSON.parse(JSON.stringify(plan(r, cache))) as unknown);
    // twice over the same cache, so that every plan of the second round can find what the first left
    const again = requests.map((r) => JSON.parse(JSON.stringify(plan(r, cache))) as unknown);
    const e2eSeconds = new Set<number>();
    requests.forEach((r, i) => {
      const expected = alone(r);
      expect(shared[i], `request ${i}`).toEqual(expected);
      expect(again[i], `request ${i}, second round`).toEqual(expected);
      e2eSeconds.add((expected as { schedule: { e2eSeconds: number } }).schedule.e2eSeconds);
    });
    // the comparison does differ between these settings (otherwise the test could not catch a shared one)
    expect(e2eSeconds.size).toBeGreaterThan(8);
  });
});
