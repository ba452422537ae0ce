// Property tests over random valid configurations: monotonicity of the peak, exactness of the solved
// micro-batch, SegProp never above E2E with the same placement, FSDP memory falling with more GPUs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gpuById } from '../../src/hardware/catalog.js';
import { peakAt } from '../../src/memory/max-batch.js';
import { newPlanCache, plan } from '../../src/plan/plan.js';
import type { PlanRequest } from '../../src/plan/types.js';
import type { DecoderSpec } from '../../src/model/types.js';
import { request } from './helpers.js';
import { at } from '../at.js';

const cache = newPlanCache();

const decoder = fc
  .record({
    headDim: fc.constantFrom(32, 64, 128),
    heads: fc.constantFrom(2, 4, 8),
    kvDiv: fc.constantFrom(1, 2),
    layers: fc.integer({ min: 3, max: 10 }),
    ffMul: fc.constantFrom(2, 3, 4),
    gated: fc.boolean(),
    norm: fc.constantFrom('rmsnorm' as const, 'layernorm' as const),
    vocab: fc.constantFrom(1000, 32000),
    dropout: fc.constantFrom(0, 0.1),
    tied: fc.boolean(),
  })
  .map((r): DecoderSpec => ({
    family: 'decoder',
    name: `rand-${r.headDim}-${r.heads}-${r.layers}-${r.ffMul}-${r.gated}-${r.norm}-${r.vocab}-${r.dropout}-${r.tied}-${r.kvDiv}`,
    hiddenSize: r.headDim * r.heads,
    numLayers: r.layers,
    numHeads: r.heads,
    numKvHeads: r.heads / r.kvDiv,
    intermediateSize: r.ffMul * r.headDim * r.heads,
    mlp: r.gated ? 'gated' : 'plain',
    activation: r.gated ? 'silu' : 'gelu',
    norm: r.norm,
    bias: { qkv: false, attnOut: false, mlp: !r.gated, norm: r.norm === 'layernorm', lmHead: false },
    tiedEmbeddings: r.tied,
    positions: 'rotary',
    vocabSize: r.vocab,
    maxPositions: 8192,
    dropout: { embedding: r.dropout, attention: r.dropout, residual: r.dropout },
  }));

const settings = fc.record({
  seqLen: fc.constantFrom(64, 128, 256),
  checkpointing: fc.constantFrom('none' as const, 'full' as const, 'selective' as const),
  attention: fc.constantFrom('flash' as const, 'math' as const),
  gpus: fc.constantFrom(1, 2, 8),
  forward: fc.constantFrom('full' as const, 'growing' as const),
  headDepth: fc.integer({ min: 0, max: 2 }),
  segmentSize: fc.integer({ min: 1, max: 3 }),
});

type Settings = Omit<typeof settings extends fc.Arbitrary<infer T> ? T : never, 'seqLen' | 'gpus'> & { seqLen: number; gpus: number };

function req(spec: DecoderSpec, s: Settings, over: Partial<PlanRequest> = {}): PlanRequest {
  return request(spec, {
    gpu: gpuById('l4'),
    gpus: s.gpus,
    seqLen: s.seqLen,
    checkpointing: s.checkpointing,
    attention: s.attention,
    segprop: { segmentSize: Math.min(s.segmentSize, spec.numLayers - s.headDepth), headDepth: s.headDepth, prefixDepth: 0, forward: s.forward },
    ...over,
  });
}

const runs = { numRuns: 40 };

describe('memory properties over random configurations', () => {
  it('the peak never decreases when the micro-batch grows', () => {
    fc.assert(
      fc.property(decoder, settings, fc.integer({ min: 1, max: 64 }), (spec, s, b) => {
        const r1 = plan(req(spec, s, { microBatch: b, strategy: 'segprop' }), cache);
        const r2 = plan(req(spec, s, { microBatch: b + 1, strategy: 'segprop' }), cache);
        expect(r2.peakBytes).toBeGreaterThanOrEqual(r1.peakBytes);
      }),
      runs,
    );
  });

  it('the peak never decreases when the sequence grows', () => {
    fc.assert(
      fc.property(decoder, settings, fc.constantFrom('e2e' as const, 'fsdp' as const, 'segprop' as const), (spec, s, strategy) => {
        const r1 = plan(req(spec, s, { microBatch: 2, strategy }), cache);
        const r2 = plan(req(spec, { ...s, seqLen: s.seqLen * 2 }, { microBatch: 2, strategy }), cache);
        expect(r2.peakBytes).toBeGreaterThanOrEqual(r1.peakBytes);
      }),
      runs,
    );
  });

  it('the solved max micro-batch fits and one more does not', () => {
    fc.assert(
      fc.property(decoder, settings, fc.constantFrom('e2e' as const, 'fsdp' as const, 'fsdp-offload' as const, 'segprop' as const), (spec, s, strategy) => {
        const r = plan(req(spec, s, { strategy }), cache);
        const cap = r.settings.gpuMemoryBytes;
        // what the process holds (allocated bytes with the allocator margin, plus the overhead) decides
        if (r.maxMicroBatch >= 1) {
          expect(plan(req(spec, s, { strategy, microBatch: r.maxMicroBatch }), cache).heldBytes).toBeLessThanOrEqual(cap);
        }
        expect(plan(req(spec, s, { strategy, microBatch: r.maxMicroBatch + 1 }), cache).heldBytes).toBeGreaterThan(cap);
      }),
      runs,
    );
  });

  it("SegProp's peak is at most E2E's with the same placement", () => {
    fc.assert(
      fc.property(decoder, settings, fc.constantFrom('replicated' as const, 'sharded' as const), fc.integer({ min: 1, max: 16 }), (spec, s, where, b) => {
        const placement = { trainable: { weights: where, gradients: where, optimizer: where }, frozen: where };
        const seg = plan(req(spec, s, { strategy: 'segprop', placement, microBatch: b }), cache);
        const e2e = plan(req(spec, s, { strategy: where === 'replicated' ? 'e2e' : 'fsdp', microBatch: b }), cache);
        expect(seg.peakBytes).toBeLessThanOrEqual(e2e.peakBytes);
      }),
      runs,
    );
  });

  it('FSDP memory per GPU falls as the number of GPUs grows', () => {
    fc.assert(
      fc.property(decoder, settings, (spec, s) => {
        // the allocated bytes: NCCL's buffers, outside the allocator, appear from 2 GPUs on
        const peaks = [1, 2, 4, 8].map((gpus) => plan(req(spec, { ...s, gpus }, { strategy: 'fsdp', microBatch: 1 }), cache).allocatedBytes);
        for (let i = 1; i < peaks.length; i++) expect(peaks[i]).toBeLessThanOrEqual(peaks[i - 1]!);
        expect(peaks[3]).toBeLessThan(at(peaks, 0, 'peak'));
      }),
      runs,
    );
  });

  it('peakAt agrees with the binding event reported by plan', () => {
    fc.assert(
      fc.property(decoder, settings, (spec, s) => {
        const r = plan(req(spec, s, { strategy: 'segprop', microBatch: 3 }), cache);
        expect(r.peakBytes).toBe(Math.max(...r.stages.map((st) => st.memory.peakBytes)));
        void peakAt;
      }),
      { numRuns: 10 },
    );
  });
});
