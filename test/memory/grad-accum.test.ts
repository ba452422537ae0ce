// Gradient accumulation (--grad-accum N) against what PyTorch does: from the second micro-batch of a step on,
// every .grad exists (backward adds into it), so forward and backward hold all the step's gradients; DDP
// all-reduces them once (no_sync before the last micro-batch) and the optimizer steps once; a step trains on N
// micro-batches.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { makeCluster } from '../../src/hardware/catalog.js';
import { countParams } from '../../src/cost/params.js';
import { plan } from '../../src/plan/plan.js';
import { optimizerPolicy } from '../../src/precision/optimizer.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { type Placement } from '../../src/strategy/placement.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import type { BlockRole } from '../../src/strategy/roles.js';
import { ringBandwidth, stepTime } from '../../src/time/step-time.js';
import { gpt2, llama2_7b } from '../graph/specs.js';
import { memoryOf, request } from './helpers.js';

const { ddp: REPLICATED, fsdp: SHARDED } = SHARDINGS;

const graph = buildGraph(gpt2('gpt2', 768, 12, 12), { seqLen: 512 });
const all = graph.blocks.map((): BlockRole => 'train');
const P = countParams(graph).total;

function timeline(gradAccum: number, placement: Placement = REPLICATED, gpus = 1) {
  return memoryOf(graph, all, placement, gpus, 'none', { gradAccum }).events;
}

describe('gradient accumulation: memory', () => {
  it('N = 1 is the timeline without accumulation', () => {
    const one = timeline(1);
    const plain = memoryOf(graph, all, REPLICATED, 1).events;
    expect(one).toEqual(plain);
  });

  it('N > 1: every forward event holds all 2·P bytes of bf16 gradients; backward holds them all plus the fresh ones', () => {
    const one = timeline(1);
    const four = timeline(4);
    expect(four.length).toBe(one.length);
    one.forEach((e, i) => {
      const f = four[i]!;
      if (e.phase === 'forward') expect(f.gradients - e.gradients).toBe(2 * P);
      if (e.phase === 'backward') expect(f.gradients).toBeGreaterThanOrEqual(2 * P);
      if (e.phase === 'optimizer') expect(f).toEqual(e); // the step itself is unchanged
      expect({ ...f.activations }).toEqual({ ...e.activations }); // activations are per micro-batch
    });
    // the last block's backward: all gradients plus its own fresh ones, which the first micro-batch also held
    const firstBackward = (es: typeof one) => es.find((e) => e.phase === 'backward')!;
    expect(firstBackward(four).gradients - firstBackward(one).gradients).toBe(2 * P);
  });

  it('sharded gradients (FSDP reduce-scatters every micro-batch): each rank accumulates its 1/N shard', () => {
    const one = timeline(1, SHARDED, 8);
    const four = timeline(4, SHARDED, 8);
    const fw = (es: typeof one) => es.find((e) => e.phase === 'forward')!;
    expect(fw(four).gradients - fw(one).gradients).toBeCloseTo((2 * P) / 8, 6);
  });
});

describe('gradient accumulation: time and throughput', () => {
  function time(gradAccum: number, gpus: number) {
    const g = buildGraph(llama2_7b, { seqLen: 1024 });
    const cluster = makeCluster({ gpu: 'a100-80gb', gpus });
    const t = stepTime({
      graph: g,
      roles: g.blocks.map(() => 'train'),
      policy: 'none',
      profile: pytorchProfile,
      precision: precisionPolicy('bf16-mixed'),
      optimizer: optimizerPolicy('adamw'),
      placement: REPLICATED,
      cluster,
      attention: 'flash',
      microBatch: 2,
      peakFlopsPerSec: 312e12,
      efficiency: 1,
      gradAccum,
    });
    return { t, cluster, P: countParams(g).total };
  }

  it('one GPU: N forwards and backwards, one optimizer step; FLOPs x N', () => {
    const { t: one } = time(1, 1);
    const { t: four } = time(4, 1);
    expect(four.flops.total).toBe(4 * one.flops.total);
    expect(four.optimizer).toBe(one.optimizer);
    expect(four.seconds - four.optimizer).toBeCloseTo(4 * (one.seconds - one.optimizer), 12);
  });

  it('DDP: one all-reduce of the bf16 gradients per optimizer step (no_sync), 2·(N−1)/N·2P bytes', () => {
    const { t, cluster, P: params } = time(4, 8);
    expect(t.communication).toBeCloseTo((2 * (7 / 8) * 2 * params) / ringBandwidth(cluster), 9);
  });

  it('a plan trains on micro-batch x N x GPUs samples per step', () => {
    const spec = gpt2('gpt2', 768, 12, 12);
    const one = plan(request(spec, { microBatch: 4, gpus: 8 }));
    const four = plan(request(spec, { microBatch: 4, gpus: 8, gradAccum: 4 }));
    expect(four.settings.gradAccum).toBe(4);
    const samplesPerStep = (r: typeof one) => r.throughput.samplesPerSecond * r.stages[0]!.stepTimeSeconds;
    expect(samplesPerStep(one)).toBeCloseTo(4 * 8, 9);
    expect(samplesPerStep(four)).toBeCloseTo(4 * 4 * 8, 9);
    // one all-reduce and optimizer step over four micro-batches: more samples per second, but never more than
    // four times as many per step's time (the four forwards and backwards take four times as long)
    expect(four.throughput.samplesPerSecond).toBeGreaterThan(one.throughput.samplesPerSecond);
    expect(four.stages[0]!.stepTimeSeconds).toBeGreaterThan(3 * one.stages[0]!.stepTimeSeconds);
    expect(four.stages[0]!.flops.total).toBeCloseTo(4 * one.stages[0]!.flops.total, 0);
    expect(() => plan(request(spec, { gradAccum: 0 }))).toThrow(/gradAccum/);
  });
});
