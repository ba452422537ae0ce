// Op-level checkpointing (torch's selective activation checkpointing with a save list of matmuls, torchtitan's
// selective_ac_option "op") needs torch >= 2.4, which this machine's torch 1.13 is not: checked against a hand
// derivation of what a Llama layer stores and recomputes.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { summarizeBlock } from '../../src/memory/block-summary.js';
import { savedOnHost } from '../../src/runtime/save-on-cpu.js';
import { e2eSchedule, segpropSchedule } from '../../src/strategy/schedule.js';
import { opFlops } from '../../src/ops/registry.js';
import { plan } from '../../src/plan/plan.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { opNeeds } from '../../src/strategy/op-needs.js';
import { RequestError } from '../../src/errors.js';
import { accelerateConfig } from '../../src/export/accelerate.js';
import { torchtitanConfig } from '../../src/export/torchtitan.js';
import { llama } from '../graph/specs.js';
import { expectCompressedFoldExact, fsdpStageInput, request } from './helpers.js';

// hidden h, query heads, key/value heads, intermediate i, sequence s
const [h, heads, kvHeads, i, s] = [512, 8, 2, 1536, 256];
const spec = llama('l', h, 4, heads, kvHeads, i, 32000);
const graph = buildGraph(spec, { seqLen: s });
const layer = graph.blocks.find((b) => b.isLayer)!;
const summary = (policy: 'none' | 'full' | 'op' | 'torchtitan-op') =>
  summarizeBlock({ block: layer, role: 'train', upstreamTrains: true, policy, profile: pytorchProfile, dtype: 'bf16', attention: 'flash' });

describe('op-level checkpointing of a Llama layer (bf16, flash attention)', () => {
  it('keeps the outputs of its seven matmuls and of the flash kernel (output and fp32 log-sum-exp), nothing else', () => {
    const kv = (h / heads) * kvHeads;
    // q, k, v projections; attention output; o projection; gate and up projections; down projection: 2 bytes each
    const matmulOutputs = 2 * s * (h + 2 * kv + h + h + 2 * i + h);
    const lse = 4 * heads * s;
    const op = summary('op');
    expect(op.held).toEqual({ c: 0, d: matmulOutputs + lse });
    expect(op.savesInput).toBe(true);
  });

  it('keeps less than no checkpointing and more than full checkpointing, and its backward recomputes less', () => {
    const [none, full, op] = [summary('none'), summary('full'), summary('op')];
    expect(op.held.d).toBeLessThan(none.held.d);
    expect(op.held.d).toBeGreaterThan(full.held.d);
    const top = (lines: readonly { d: number }[]) => Math.max(...lines.map((l) => l.d));
    // full's backward rebuilds everything the layer keeps on top of its entry; op-level only the elementwise part
    expect(top(op.backwardPeak)).toBeLessThan(top(full.backwardPeak));
  });

  it('recomputes the forward FLOPs of the norms, rotary embeddings, SiLU, product and residual adds only', () => {
    const roles = graph.blocks.map(() => 'train' as const);
    const recompute = (policy: 'none' | 'op') => opNeeds(graph, roles, policy).reduce((t, n) => t + (n.recomputed ? opFlops(n.op).forward : 0), 0);
    const elementwise = new Set(['rmsnorm', 'rope', 'activation', 'mul', 'add']);
    const byHand = graph.blocks.filter((b) => b.isLayer).flatMap((b) => b.ops.filter((o) => elementwise.has(o.kind)));
    expect(byHand.length).toBe(4 * 8); // per layer: 2 norms, 2 rotary, SiLU, the gate product, 2 residual adds
    expect(recompute('op')).toBe(byHand.reduce((t, o) => t + opFlops(o).forward, 0));
    expect(recompute('none')).toBe(0);
  });

  it('plans between none and full in memory and time', () => {
    const at = (checkpointing: 'none' | 'full' | 'op') =>
      plan(request(spec, { strategy: 'fsdp', gpus: 8, microBatch: 4, seqLen: 2048, checkpointing })).stages[0]!;
    const [none, full, op] = [at('none'), at('full'), at('op')];
    expect(op.maxMicroBatch).toBeGreaterThanOrEqual(none.maxMicroBatch);
    expect(op.maxMicroBatch).toBeLessThanOrEqual(full.maxMicroBatch);
    expect(op.flops.recompute).toBeGreaterThan(none.flops.recompute);
    expect(op.flops.recompute).toBeLessThan(full.flops.recompute);
    expect(op.stepTimeSeconds).toBeGreaterThan(none.stepTimeSeconds);
    expect(op.stepTimeSeconds).toBeLessThan(full.stepTimeSeconds);
  });

  it('is refused with unfused attention and on TensorFlow.js, naming the field', () => {
    const req = (over = {}) => request(spec, { checkpointing: 'op', microBatch: 1, ...over });
    expect(() => plan(req({ attention: 'math' }))).toThrow(RequestError);
    expect(() => plan(req({ runtime: 'tfjs', precision: 'fp32' }))).toThrow(/checkpointing/);
  });
});

describe("torchtitan's op-level policy on the same layer", () => {
  it("keeps q, v, gate and down (the 1st, 3rd, 5th and 7th matmuls) and the flash kernel's outputs", () => {
    const kv = (h / heads) * kvHeads;
    const byHand = 2 * s * (h + kv + h + i + h) + 4 * heads * s;
    expect(summary('torchtitan-op').held).toEqual({ c: 0, d: byHand });
  });

  it('recomputes the k, o and up projections besides the elementwise ops', () => {
    const roles = graph.blocks.map(() => 'train' as const);
    const recomputed = (policy: 'op' | 'torchtitan-op') => opNeeds(graph, roles, policy).filter((n) => n.recomputed && n.op.kind === 'linear');
    expect(recomputed('op')).toEqual([]);
    expect(recomputed('torchtitan-op').map((n) => n.op.name.split('.').slice(2).join('.'))).toEqual(
      Array.from({ length: 4 }, () => ['attn.k', 'attn.o', 'mlp.up']).flat(),
    );
  });
});

describe("exports name torchtitan's selective modes", () => {
  const planned = (over = {}) => plan(request(spec, { strategy: 'fsdp', gpus: 8, microBatch: 1, seqLen: 512, ...over }));
  it('torchtitan\'s op-level as selective_ac_option "op", every n-th layer as selective_ac_option "n"; accelerate refuses both', () => {
    expect(torchtitanConfig(planned({ checkpointing: 'torchtitan-op' }), [])).toContain('mode = "selective"\nselective_ac_option = "op"');
    expect(() => torchtitanConfig(planned({ checkpointing: 'op' }), [])).toThrow(/every second matmul/);
    expect(torchtitanConfig(planned({ checkpointing: 'full', checkpointEvery: 2 }), [])).toContain('mode = "selective"\nselective_ac_option = "2"');
    expect(torchtitanConfig(planned({ checkpointing: 'full' }), [])).toContain('mode = "full"');
    expect(() => accelerateConfig(planned({ checkpointing: 'op' }), [])).toThrow(/accelerate/);
    expect(() => accelerateConfig(planned({ checkpointing: 'full', checkpointEvery: 2 }), [])).toThrow(/accelerate/);
  });
});

describe('the compressed fold under op-level checkpointing and save_on_cpu', () => {
  it('solves the same max micro-batch as the full timeline, for every stage', () => {
    for (const [policy, profile] of [
      ['op', pytorchProfile],
      ['torchtitan-op', pytorchProfile],
      ['none', savedOnHost(pytorchProfile)],
    ] as const) {
      for (const st of [...e2eSchedule(graph), ...segpropSchedule(graph, { segmentSize: 1, headDepth: 1, prefixDepth: 0, forward: 'full' })]) {
        expectCompressedFoldExact(
          fsdpStageInput(graph, st.roles, { policy, profile }),
          [2, 8, 24, 80].map((x) => x * 2 ** 30),
        );
      }
    }
  });
});
