// BAdam and LISA on every catalog model: each plans, its memory is below E2E's, and where the layers differ
// (ResNet's stages) the stages differ and the plan binds at the heaviest.
import { describe, expect, it } from 'vitest';
import { catalogNames, catalogSpec } from '../../src/model/catalog.js';
import { gpuById } from '../../src/hardware/catalog.js';
import { plan } from '../../src/plan/plan.js';
import { request } from '../memory/helpers.js';

describe('BAdam and LISA over the catalog', () => {
  it('need less GPU memory than E2E with the same sharding, precision and micro-batch', () => {
    for (const name of catalogNames()) {
      const base = request(catalogSpec(name)!, { gpu: gpuById('h200'), microBatch: 1, checkpointing: 'full' });
      const e2e = plan(base).peakBytes;
      for (const strategy of ['badam', 'lisa'] as const) {
        const r = plan({ ...base, strategy });
        expect({ name, strategy, below: r.peakBytes < e2e }).toEqual({ name, strategy, below: true });
        expect(r.stages.length, name).toBeGreaterThan(1);
      }
    }
  });

  it('with unequal layers the stages differ, and the plan binds at the heaviest one', () => {
    const r = plan(request(catalogSpec('resnet-50')!, { strategy: 'lisa', microBatch: 1 }));
    const trainable = r.stages.map((s) => s.trainableParams);
    expect(new Set(trainable).size).toBeGreaterThan(1);
    const peaks = r.stages.map((s) => s.memory.peakBytes);
    expect(r.peakBytes).toBe(Math.max(...peaks));
    expect(r.maxMicroBatch).toBe(Math.min(...r.stages.map((s) => s.maxMicroBatch)));
  });
});
