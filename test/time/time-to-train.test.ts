// trainingEstimate's formulas, and cost as a sweep objective.
import { describe, expect, it } from 'vitest';
import { GPUS } from '../../src/hardware/catalog.generated.js';
import type { PlanResult } from '../../src/plan/types.js';
import { paretoFrontier } from '../../src/report/frontier.js';
import { trainingEstimate } from '../../src/time/time-to-train.js';

const gpu = GPUS.find((g) => g.id === 'a100-40gb')!;

describe('trainingEstimate', () => {
  it('time = samples / throughput; GPU-hours = GPUs x hours; cost = price x GPU-hours', () => {
    const t = trainingEstimate({ budget: { tokens: 4096 * 1000 + 1 }, usdPerGpuHour: 3 }, gpu, 8, 4096, 2);
    expect(t.samples).toBe(1001); // a partial sample is a whole sample
    expect(t.seconds).toBe(500.5);
    expect(t.gpuHours).toBe((8 * 500.5) / 3600);
    expect(t.costUsd).toBe(3 * ((8 * 500.5) / 3600));
  });

  it('has no time or cost without throughput, and no cost without a price', () => {
    expect(trainingEstimate({ budget: { samples: 10 } }, gpu, 1, 1, 0)).toMatchObject({ seconds: null, gpuHours: null, costUsd: null });
    const unpriced = { ...gpu, price: undefined };
    expect(trainingEstimate({ budget: { samples: 10 } }, unpriced, 1, 1, 1)).toMatchObject({ price: null, costUsd: null, seconds: 10 });
  });
});

describe('cost on the frontier', () => {
  const point = (tokensPerSecond: number, costUsd?: number) =>
    ({
      fits: true,
      peakBytes: 1,
      stages: [{ flops: { total: 1 } }],
      settings: { microBatch: 1 },
      model: { tokensPerSample: 1 },
      throughput: { tokensPerSecond },
      ...(costUsd !== undefined ? { training: { costUsd } } : {}),
    }) as unknown as PlanResult;

  it('keeps a slower but cheaper plan when every plan is priced', () => {
    expect([...paretoFrontier([point(2), point(1)])]).toEqual([0]);
    expect([...paretoFrontier([point(2, 10), point(1, 5)])]).toEqual([0, 1]);
    expect([...paretoFrontier([point(2, 5), point(1, 10)])]).toEqual([0]);
  });
});
