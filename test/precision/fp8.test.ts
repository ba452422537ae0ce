// The fp8 recipe (Transformer Engine te.Linear under fp8_autocast, DelayedScaling defaults) against a hand
// derivation from TE's code and docs (docs/memory.md, "FP8"): model states as bf16-mixed, 1-byte fp8 copies of
// each linear layer's input (transposed, saved for the weight gradient) and weight (transposed, saved for the
// input gradient), the scaling state per layer, and the linear GEMMs at the GPU's FP8 dense rate.
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/cost/params.js';
import { RequestError } from '../../src/errors.js';
import { gpuById } from '../../src/hardware/catalog.js';
import { summarizeBlock } from '../../src/memory/block-summary.js';
import { opParams } from '../../src/ops/registry.js';
import { plan } from '../../src/plan/plan.js';
import { fp8StateBytes, scalingStateBytes, TE_CUBLAS_WORKSPACE_BYTES } from '../../src/precision/fp8.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { recipeProfile } from '../../src/runtime/profiles.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { KERNEL, kernelRate } from '../../src/time/kernel-rates.js';
import type { PrecisionName } from '../../src/vocabulary.js';
import { graphOf, memoryOf, request } from '../memory/helpers.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import { llama2_7b } from '../graph/specs.js';

const h = 4096;
const i = 11008;
const s = 256;
const llama = graphOf(llama2_7b, s);
const P = countParams(llama).total;
const fp8 = precisionPolicy('fp8');
const teProfile = recipeProfile('pytorch', fp8);

function optimizerStep(precision: PrecisionName) {
  const profile = recipeProfile('pytorch', precisionPolicy(precision));
  const t = memoryOf(
    llama,
    llama.blocks.map(() => 'train'),
    SHARDINGS.ddp,
    1,
    'full',
    { precision: precisionPolicy(precision), profile },
  );
  return t.events.find((e) => e.phase === 'optimizer')!;
}

describe('fp8 model states (AdamW, one GPU)', () => {
  it("are bf16-mixed's 16 bytes per parameter: bf16 weights (2) and gradients (2), fp32 master (4), two fp32 moments (8)", () => {
    const step = optimizerStep('fp8');
    expect(step.weights).toBe(2 * P);
    expect(step.gradients).toBe(2 * P);
    expect(step.optimizer).toBe(12 * P);
  });

  it("each te.Linear's fp8_meta: fp32 amax histories of 1024 × 3 (forward) and 1024 × 2 (backward), scales and inverse scales", () => {
    // 1024·3·4 = 12,288 and 1024·2·4 = 8,192 bytes; the four small vectors (3 or 2 fp32) occupy a 512-byte block each
    expect(scalingStateBytes()).toBe(12_288 + 8_192 + 4 * 512);
    // Llama-2-7B: 7 linear layers in each of 32 layers, plus the 4096 × 32000 LM head; one 32 MiB cuBLAS workspace
    expect(fp8StateBytes(llama)).toBe((7 * 32 + 1) * 22_528 + 33_554_432);
    expect(TE_CUBLAS_WORKSPACE_BYTES).toBe(32 * 2 ** 20);
  });

  it('a plan holds the scaling state and the workspace as buffers, on top of what bf16-mixed holds', () => {
    const at = (precision: PrecisionName) => plan(request(llama2_7b, { gpu: gpuById('h100-sxm'), precision, microBatch: 1, seqLen: s }));
    const delta = at('fp8').stages[0]!.memory.buffers - at('bf16-mixed').stages[0]!.memory.buffers;
    expect(delta).toBe(fp8StateBytes(llama));
  });
});

describe('what a Llama layer keeps for backward under fp8 (no checkpointing)', () => {
  const layer = llama.blocks.find((b) => b.isLayer)!;
  const linearParams = layer.ops.filter((o) => o.kind === 'linear').reduce((sum, o) => sum + opParams(o), 0);
  const held = (profile = pytorchProfile) =>
    summarizeBlock({ block: layer, role: 'train', upstreamTrains: true, policy: 'none', profile, dtype: 'bf16', attention: 'flash' }).held;

  it('per sample: each linear keeps its own 1-byte transposed input instead of the shared 2-byte input', () => {
    // q, k, v read one norm output (2·s·h kept once in bf16; 3 fp8 copies): +s·h; o_proj's input stays kept by
    // attention (its output), plus its fp8 copy: +s·h; gate and up share one norm output: 2·s·h either way;
    // down_proj's input (s·i) is kept by nothing else: 2·s·i becomes s·i
    expect(held(teProfile).d - held().d).toBe(s * h + s * h + 0 - s * i);
  });

  it('constant: the transposed fp8 copy of every weight (1 byte per linear parameter), saved for the input gradient', () => {
    expect(linearParams).toBe(4 * h * h + 3 * h * i);
    expect(held(teProfile).c - held().c).toBe(linearParams);
  });
});

describe('fp8 never holds less than its documented components', () => {
  for (const microBatch of [1, 4]) {
    it(`Llama-2-7B on one H200, micro-batch ${microBatch}`, () => {
      const r = plan(request(llama2_7b, { gpu: gpuById('h200'), precision: 'fp8', microBatch, seqLen: s }));
      const bf16 = plan(request(llama2_7b, { gpu: gpuById('h200'), precision: 'bf16-mixed', microBatch, seqLen: s }));
      // every model state (16 bytes per parameter) and the recipe's scaling state and workspace
      expect(r.allocatedBytes).toBeGreaterThanOrEqual(16 * P + fp8StateBytes(llama));
      // at the end of the forward the transposed weights are all alive beside everything bf16-mixed holds there,
      // except the bf16 inputs of the down projections (2·s·i per layer per sample, replaced by 1-byte copies)
      expect(r.peakBytes).toBeGreaterThanOrEqual(bf16.peakBytes - 32 * s * i * microBatch);
    });
  }
});

describe('fp8 step time', () => {
  it("linear GEMMs run at the FP8 dense rate: H100 SXM's 1979 over 989 TFLOP/s, at the 16-bit efficiency and shape share", () => {
    const r = { peakFlopsPerSec: 989e12, efficiency: 0.8, sms: 132, fp8PeakFlopsPerSec: 1979e12 };
    for (const [f8, f16] of [
      [KERNEL.fp8GemmRows, KERNEL.gemmRows],
      [KERNEL.fp8GemmReduce, KERNEL.gemmReduce],
    ] as const) {
      expect(kernelRate(r, f8, 2048, 4096, 4096, 3) / kernelRate(r, f16, 2048, 4096, 4096, 3)).toBeCloseTo(1979 / 989, 12);
    }
    expect(gpuById('h100-sxm').flops.fp8).toBe(1979e12);
    expect(gpuById('h200').flops.fp8).toBe(1979e12);
    expect(gpuById('h100-pcie').flops.fp8).toBe(1513e12);
  });

  it('an fp8 plan computes faster than bf16-mixed with the same FLOPs', () => {
    const at = (precision: PrecisionName) => plan(request(llama2_7b, { gpu: gpuById('h100-sxm'), precision, microBatch: 2, seqLen: 2048 }));
    const [a, b] = [at('fp8'), at('bf16-mixed')];
    expect(a.stages[0]!.flops).toEqual(b.stages[0]!.flops);
    expect(a.stages[0]!.time.compute).toBeLessThan(b.stages[0]!.time.compute);
  });
});

describe('fp8 is refused where it cannot run', () => {
  const refusal = (over: Parameters<typeof request>[1]) => {
    try {
      plan(request(llama2_7b, { precision: 'fp8', ...over }));
    } catch (e) {
      return e;
    }
    return undefined;
  };

  it('on a GPU without FP8 tensor cores (A100), naming the precision field', () => {
    const e = refusal({ gpu: gpuById('a100-80gb') });
    expect(e).toBeInstanceOf(RequestError);
    expect((e as RequestError).field).toBe('precision');
    expect((e as Error).message).toMatch(/FP8 tensor cores/);
  });

  it('on the tfjs runtime (no Transformer Engine)', () => {
    const e = refusal({ gpu: gpuById('h100-sxm'), runtime: 'tfjs' });
    expect(e).toBeInstanceOf(RequestError);
    expect((e as RequestError).field).toBe('precision');
  });
});
