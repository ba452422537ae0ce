// FP8 weight caching across micro-batches (--fp8-weights cached: Megatron-LM / NeMo pass Transformer Engine's
// `is_first_microbatch`) and the time of the FP8 cast kernels, against hand derivations from TE's te.Linear
// (docs/memory.md "FP8"; src/runtime/fp8-copies.ts):
//
//   memory   cached: each FP8 linear keeps its fp8 weight and the weight's transpose (1 byte per weight element
//            each) for the whole run, and saves no weight copy of its own for backward
//   time     every cast kernel reads its bf16 source once and writes the fp8 copy and its transpose (amax fused
//            in), so it takes bytes / the HBM rate the time model streams at (H200: the measured 4.01 TB/s);
//            the weight casts run every micro-batch, or once per step when cached
import { describe, expect, it } from 'vitest';
import { gpuById } from '../../src/hardware/catalog.js';
import { summarizeBlock } from '../../src/memory/block-summary.js';
import { plan } from '../../src/plan/plan.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { fp8CastTraffic } from '../../src/runtime/fp8-copies.js';
import { blockCost, TERM_LENGTH } from '../../src/time/block-cost.js';
import { recipeProfile } from '../../src/runtime/profiles.js';
import type { Fp8Weights } from '../../src/vocabulary.js';
import { llama2_7b } from '../graph/specs.js';
import { graphOf, request } from '../memory/helpers.js';

const h = 4096;
const i = 11008;
const V = 32000;
const s = 256;
const layers = 32;
const llama = graphOf(llama2_7b, s);
// weight elements of the FP8 linears: q, k, v, o (h × h), gate, up, down (h × i) per layer, and the untied LM head
const fp8WeightElements = layers * (4 * h * h + 3 * h * i) + V * h;
const fp8 = precisionPolicy('fp8');
// H200's HBM as the time model streams it: the measured STREAM copy rate (src/time/efficiency.ts)
const H200_STREAM = 4.01e12;

const planned = (fp8Weights: Fp8Weights, gradAccum = 1, checkpointing: 'none' | 'full' = 'none') =>
  plan(request(llama2_7b, { gpu: gpuById('h200'), precision: 'fp8', microBatch: 1, seqLen: s, gradAccum, fp8Weights, checkpointing }));

describe('cached FP8 weights: memory', () => {
  it('every FP8 linear keeps its fp8 weight and transpose for the whole run: 2 bytes per weight element, on top of the scaling state', () => {
    const delta = planned('cached').stages[0]!.memory.buffers - planned('per-micro-batch').stages[0]!.memory.buffers;
    // every weight here is a multiple of 512 bytes, so the allocator's rounding adds nothing
    expect(delta).toBe(2 * fp8WeightElements);
  });

  it('a layer then saves no weight copy for backward: its kept bytes are those of bf16-mixed plus the fp8 input transposes only', () => {
    const layer = llama.blocks.find((b) => b.isLayer)!;
    const held = (weights: Fp8Weights) =>
      summarizeBlock({
        block: layer,
        role: 'train',
        upstreamTrains: true,
        policy: 'none',
        profile: recipeProfile('pytorch', fp8, weights),
        dtype: 'bf16',
        attention: 'flash',
      }).held;
    // per micro-batch: the transposed fp8 weight of every linear (1 byte per linear parameter) is kept; cached: none
    expect(held('per-micro-batch').c - held('cached').c).toBe(4 * h * h + 3 * h * i);
    expect(held('cached').c).toBe(0);
    expect(held('cached').d).toBe(held('per-micro-batch').d);
  });

  it('the plan records the choice, and plans that are not fp8 ignore it', () => {
    expect(planned('cached').settings.fp8Weights).toBe('cached');
    expect(planned('per-micro-batch').settings.fp8Weights).toBe('per-micro-batch');
    const bf16 = plan(request(llama2_7b, { gpu: gpuById('h200'), microBatch: 1, seqLen: s, fp8Weights: 'cached' }));
    expect(bf16.settings.fp8Weights).toBeUndefined();
    expect(bf16.stages[0]!.memory.buffers).toBe(plan(request(llama2_7b, { gpu: gpuById('h200'), microBatch: 1, seqLen: s })).stages[0]!.memory.buffers);
  });
});

describe('FP8 cast kernels: bytes moved', () => {
  const q = llama.blocks.find((b) => b.isLayer)!.ops.find((o) => o.kind === 'linear')!;
  if (q.kind !== 'linear') throw new Error('no linear');
  const ctx = { weightTrains: true, needsInputGrad: true, taped: true, activationDtype: 'bf16', attention: 'flash', recompute: false } as const;

  it('q_proj (4096 × 4096, 256 rows a sample): bf16 read, fp8 copy and its transpose written, for input, weight and output gradient', () => {
    expect(fp8CastTraffic(q, ctx, 2, 2)).toEqual({ input: s * h * (2 + 1 + 1), weight: h * h * (2 + 1 + 1), gradOutput: s * h * (2 + 1 + 1) });
  });

  it('without the tape (a frozen prefix, or the first run of a checkpointed forward) no transpose is written', () => {
    const t = fp8CastTraffic(q, { ...ctx, taped: false, weightTrains: false }, 2, 2);
    expect(t.input).toBe(s * h * (2 + 1));
    expect(t.weight).toBe(h * h * (2 + 1));
  });
});

describe('FP8 cast kernels: time', () => {
  const seconds = (weights: Fp8Weights, gradAccum: number, checkpointing: 'none' | 'full' = 'none') =>
    planned(weights, gradAccum, checkpointing).stages[0]!.stepTimeSeconds;
  // one weight cast of the whole model: read 2 bytes, write 1 + 1, per FP8 weight element
  const weightCast = (fp8WeightElements * 4) / H200_STREAM;

  it('one micro-batch per step: caching changes nothing (the casts run once either way)', () => {
    expect(seconds('cached', 1)).toBeCloseTo(seconds('per-micro-batch', 1), 12);
  });

  it('four micro-batches per step: cached weights are cast once instead of four times, saving 3 weight casts', () => {
    expect(seconds('per-micro-batch', 4) - seconds('cached', 4)).toBeCloseTo(3 * weightCast, 9);
  });

  it('full checkpointing re-runs the forward, and with it the weight cast (without the tape first: 3 bytes, then 4), unless cached', () => {
    // per micro-batch: each layer casts 3 + 4 bytes per weight element, the LM head (not checkpointed) 4; cached:
    // 4 for every FP8 linear, once. The difference is the layers' untaped casts.
    const layerElements = fp8WeightElements - V * h;
    expect(seconds('per-micro-batch', 1, 'full') - seconds('cached', 1, 'full')).toBeCloseTo((layerElements * 3) / H200_STREAM, 9);
  });

  /** bytes a block's roofline terms move at micro-batch 1 */
  const bytesAt1 = (terms: Float64Array) => {
    let sum = 0;
    for (let k = 0; k < terms.length; k += TERM_LENGTH) sum += terms[k + 1]! + terms[k + 2]!;
    return sum;
  };
  /** the cost of one Llama layer in a role, under a recipe */
  const layerCost = (precision: 'fp8' | 'bf16-mixed', role: 'train' | 'frozen-notape', upstream: boolean) =>
    blockCost(
      llama.blocks.find((b) => b.isLayer)!,
      role,
      upstream,
      {
        policy: 'none',
        profile: recipeProfile('pytorch', precisionPolicy(precision)),
        dtype: 'bf16',
        attention: 'flash',
        weightBytes: 2,
        gradBytes: 2,
      },
    );

  it("a layer's roofline terms move exactly the casts' bytes more than under bf16-mixed", () => {
    // forward: every FP8 linear's input (s·in a sample) and weight, read in bf16 and written as fp8 + transpose;
    // backward: its output gradient (s·out a sample) likewise. Inputs: q, k, v, gate, up read h, o reads h, down
    // reads i; outputs: q, k, v, o, down write h, gate and up write i.
    const [a, b] = [layerCost('fp8', 'train', true), layerCost('bf16-mixed', 'train', true)];
    expect(bytesAt1(a.forwardTerms) - bytesAt1(b.forwardTerms)).toBe((6 * h * s + i * s) * 4 + (4 * h * h + 3 * h * i) * 4);
    expect(bytesAt1(a.backwardTerms) - bytesAt1(b.backwardTerms)).toBe((5 * h * s + 2 * i * s) * 4);
    expect(a.stepBytes).toBe(0);
  });

  it('a frozen layer without backward (a SegProp prefix) still casts its inputs and weights in forward, without transposes', () => {
    // TE's te.Linear casts whatever follows; no tape: 1 fp8 byte written per element beside the bf16 read
    const [a, b] = [layerCost('fp8', 'frozen-notape', false), layerCost('bf16-mixed', 'frozen-notape', false)];
    expect(bytesAt1(a.forwardTerms) - bytesAt1(b.forwardTerms)).toBe((6 * h * s + i * s) * 3 + (4 * h * h + 3 * h * i) * 3);
    expect(a.backwardTerms.length).toBe(0);
  });
});
