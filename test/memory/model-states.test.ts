// Model-state bytes against ZeRO (Rajbhandari et al. 2020): mixed-precision Adam keeps 2 + 2 + 12 = 16 bytes
// per trainable parameter; ZeRO-3 over N ranks keeps 16/N; a frozen parameter keeps only its 16-bit weight.
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/cost/params.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import { segpropSchedule } from '../../src/strategy/schedule.js';
import { graphOf, memoryOf } from './helpers.js';
import { gpt2, llama2_7b } from '../graph/specs.js';
import { at } from '../at.js';

const { ddp: REPLICATED, fsdp: SHARDED, 'fsdp-offload': OFFLOADED } = SHARDINGS;

const modelStates = (e: { weights: number; gradients: number; optimizer: number }) => e.weights + e.gradients + e.optimizer;

describe('model states (bf16-mixed AdamW)', () => {
  const graph = graphOf(llama2_7b);
  const P = countParams(graph).total;
  const all = graph.blocks.map(() => 'train' as const);

  it('E2E on one GPU: 16 bytes per parameter at the optimizer step', () => {
    const m = memoryOf(graph, all, REPLICATED, 1);
    const step = m.events.find((e) => e.phase === 'optimizer')!;
    expect(P).toBe(6_738_415_616);
    expect(modelStates(step)).toBe(16 * P);
  });

  for (const n of [2, 4, 8, 64]) {
    it(`FSDP full shard over ${n} GPUs: 16/N bytes per parameter`, () => {
      const m = memoryOf(graph, all, SHARDED, n);
      const step = m.events.find((e) => e.phase === 'optimizer')!;
      expect(modelStates(step)).toBeCloseTo((16 * P) / n, 0);
    });
  }

  it('FSDP + CPU offload: no model states on the GPU, 16 bytes per parameter in host memory per node', () => {
    const m = memoryOf(graph, all, OFFLOADED, 8);
    const step = m.events.find((e) => e.phase === 'optimizer')!;
    expect(modelStates(step)).toBe(0);
    expect(m.hostBytesPerNode).toBeCloseTo(16 * P, 0);
  });

  it('SegProp: optimizer state and gradients cover only the segment and the head; frozen weights keep 2 bytes', () => {
    const stages = segpropSchedule(graph, { segmentSize: 4, headDepth: 2, prefixDepth: 0, forward: 'full' });
    const params = countParams(graph).byBlock.map((b) => b.params);
    for (const stage of stages.slice(1)) {
      const trainable = stage.roles.reduce((s, r, i) => s + (r === 'train' ? at(params, i, 'block params') : 0), 0);
      const m = memoryOf(graph, stage.roles, REPLICATED, 1);
      const step = m.events.find((e) => e.phase === 'optimizer')!;
      expect(m.trainableParams).toBe(trainable);
      expect(step.optimizer).toBe(12 * trainable);
      expect(step.gradients).toBe(2 * trainable);
      expect(step.weights).toBe(2 * P);
      // a segment of 4 layers (the last one 30 mod 4 = 2) + 2 head layers + final norm + LM head
      const layer = at(params, graph.blocks.find((b) => b.isLayer)!.index, 'block params');
      const segment = stage.index === stages.length - 1 ? 2 : 4;
      expect(trainable).toBe((segment + 2) * layer + at(params, graph.blocks.length - 3, 'block params') + at(params, graph.blocks.length - 2, 'block params'));
    }
  });

  // the ZeRO paper's Figure 1, with N = 8 ranks: model states per GPU of each stage
  const N = 8;
  for (const [name, bytes] of [
    ['zero1', 4 * P + (12 * P) / N],
    ['zero2', 2 * P + (14 * P) / N],
    ['fsdp', (16 * P) / N],
  ] as const) {
    it(`${name} over ${N} GPUs: ${name === 'zero1' ? '4Ψ + 12Ψ/N' : name === 'zero2' ? '2Ψ + 14Ψ/N' : '16Ψ/N'} (ZeRO stage ${name.at(-1) === '1' ? 1 : name.at(-1) === '2' ? 2 : 3})`, () => {
      const step = memoryOf(graph, all, SHARDINGS[name], N).events.find((e) => e.phase === 'optimizer')!;
      expect(modelStates(step)).toBeCloseTo(bytes, 0);
    });
  }

  it("zero2 reduces each block's full gradient before scattering it: a transient of one block's 16-bit gradients in backward", () => {
    const m = memoryOf(graph, all, SHARDINGS.zero2, N);
    const layer = graph.blocks.find((b) => b.isLayer)!;
    const Lp = at(countParams(graph).byBlock, layer.index, 'block params').params;
    const bwd = m.events.find((e) => e.phase === 'backward' && e.blockIndex === layer.index)!;
    expect(bwd.gather).toBe(2 * Lp);
  });

  it('DDP on several GPUs keeps a gradient bucket copy (gradient_as_bucket_view=False)', () => {
    const g = graphOf(gpt2('gpt2', 768, 12, 12));
    const P2 = countParams(g).total;
    const one = memoryOf(
      g,
      g.blocks.map(() => 'train'),
      REPLICATED,
      1,
    ).events.at(-1)!;
    const eight = memoryOf(
      g,
      g.blocks.map(() => 'train'),
      REPLICATED,
      8,
    ).events.at(-1)!;
    expect(eight.gradients - one.gradients).toBe(2 * P2);
  });
});

describe('runtime profiles', () => {
  it('every runtime name plans (tfjs keeps every gradient until backward ends, so it never needs less than PyTorch without its CUDA context)', async () => {
    const { plan } = await import('../../src/plan/plan.js');
    const { request } = await import('./helpers.js');
    const spec = gpt2('gpt2', 768, 12, 12);
    const tf = plan(request(spec, { runtime: 'tfjs', precision: 'fp32', microBatch: 4 }));
    const pt = plan(request(spec, { runtime: 'pytorch', precision: 'fp32', microBatch: 4 }));
    expect(tf.settings.runtime).toBe('tfjs');
    expect(tf.peakBytes).toBeGreaterThan(0);
    expect(tf.peakBytes).toBeGreaterThanOrEqual(pt.peakBytes - Number(pt.assumptions.runtimeOverheadBytes));
  });
});

describe('named runtime parameters', () => {
  it('the runtime overhead adds to every event and the allocator reserve grows what the process holds', async () => {
    const { plan } = await import('../../src/plan/plan.js');
    const { request } = await import('./helpers.js');
    const spec = gpt2('gpt2', 768, 12, 12);
    const base = plan(request(spec, { microBatch: 4 }));
    const more = plan(request(spec, { microBatch: 4, runtimeOverheadBytes: Number(base.assumptions.runtimeOverheadBytes) + 2 ** 30 }));
    expect(more.peakBytes - base.peakBytes).toBe(2 ** 30);
    const reserved = plan(request(spec, { allocatorReserve: 0.5 }));
    const auto = plan(request(spec));
    const m = reserved.stages[0]!.memory;
    expect(m.reservedBytes).toBe(Math.ceil(m.allocatedBytes * 1.5));
    expect(m.heldBytes).toBe(m.reservedBytes + m.overhead);
    expect(reserved.settings.gpuMemoryBytes).toBe(auto.settings.gpuMemoryBytes);
    expect(reserved.maxMicroBatch).toBeLessThan(auto.maxMicroBatch);
    expect(() => plan(request(spec, { allocatorReserve: 1 }))).toThrow(/^allocatorReserve 1: /);
  });
});

describe('gathered units (DeepSpeed ZeRO-3 estimator: 4·Lp bytes per GPU with parameters offloaded)', () => {
  it('a middle layer holds its own 16-bit weights and the prefetched next layer: 4 bytes × layer parameters', () => {
    const graph = graphOf(llama2_7b);
    const m = memoryOf(
      graph,
      graph.blocks.map(() => 'train'),
      OFFLOADED,
      8,
    );
    const layer = graph.blocks.find((b) => b.isLayer && b.index > 2)!;
    const Lp = at(countParams(graph).byBlock, layer.index, 'block params').params;
    const fwd = m.events.find((e) => e.phase === 'forward' && e.blockIndex === layer.index)!;
    expect(fwd.gather).toBe(4 * Lp);
    expect(fwd.weights + fwd.optimizer).toBe(0);
  });
});
