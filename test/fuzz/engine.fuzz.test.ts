// Fuzzing the engine with requests anywhere inside segplan's stated limits (src/model/limits.ts), sizes drawn
// log-uniformly up to each limit: a plan is either refused with a UserError or made of finite numbers only. Then
// invariants the formulas must keep whatever the sizes: FLOPs linear in the micro-batch, sharding over more GPUs
// never raising the per-GPU peak, monotone peaks, the solved micro-batch exact, SegProp <= E2E. (The same
// invariants on everyday sizes, with more structure per model: test/memory/properties.test.ts.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { gpuById } from '../../src/hardware/lookup.js';
import { newPlanCache, plan } from '../../src/plan/plan.js';
import type { PlanRequest, PlanResult } from '../../src/plan/types.js';
import type { StrategyName } from '../../src/vocabulary.js';
import { catalogSpec } from '../../src/model/catalog.js';
import { LIMITS } from '../../src/model/limits.js';
import type { ModelSpec } from '../../src/model/types.js';
import { validateSpec } from '../../src/model/validate.js';

/** generous: the suite shares two cores; the runs themselves take seconds */
const FUZZ_TIMEOUT = 300_000;

const cache = newPlanCache();

/** an integer from 1 to max, log-uniform (so the extremes are as likely as the everyday sizes) */
const upTo = (max: number) => fc.double({ min: 0, max: Math.log2(max), noNaN: true }).map((e) => Math.max(1, Math.min(max, Math.floor(2 ** e))));

/** A spec of each family with random sizes up to the limits (a few layers: the plan's cost grows with them). */
const spec = fc
  .record({
    base: fc.constantFrom('llama-2-7b', 'gpt2', 'bert-base', 'vit-b16', 'resnet-18-cifar10'),
    layers: fc.integer({ min: 1, max: 4 }),
    heads: upTo(64),
    headDim: upTo(LIMITS.width.max / 64).map((d) => 2 * Math.ceil(d / 2)),
    kvDiv: fc.constantFrom(1, 2, 4),
    ffn: upTo(LIMITS.width.max),
    vocab: upTo(LIMITS.vocabulary.max),
    positions: upTo(LIMITS.sequence.max),
    baseWidth: upTo(4096),
  })
  .map((r) => {
    const base = catalogSpec(r.base)!;
    const hidden = Math.min(LIMITS.width.max, r.heads * r.headDim);
    let s: Record<string, unknown>;
    if (base.family === 'resnet') s = { ...base, layers: base.layers.map(() => r.layers), baseWidth: r.baseWidth };
    else if (base.family === 'vit') s = { ...base, numLayers: r.layers, hiddenSize: hidden, numHeads: r.heads, intermediateSize: r.ffn };
    else if (base.family === 'encoder')
      s = { ...base, numLayers: r.layers, hiddenSize: hidden, numHeads: r.heads, intermediateSize: r.ffn, vocabSize: r.vocab, maxPositions: r.positions };
    else {
      const kv = r.heads % r.kvDiv === 0 ? r.heads / r.kvDiv : r.heads;
      s = {
        ...base,
        numLayers: r.layers,
        hiddenSize: hidden,
        numHeads: r.heads,
        numKvHeads: kv,
        intermediateSize: r.ffn,
        vocabSize: r.vocab,
        maxPositions: r.positions,
      };
    }
    try {
      return validateSpec({ ...s, name: `fuzz-${r.base}` }, 'fuzz');
    } catch {
      return null; // e.g. heads that do not divide a width cut at the limit
    }
  })
  .filter((s): s is ModelSpec => s !== null);

const STRATEGIES: StrategyName[] = ['e2e', 'fsdp', 'fsdp-offload', 'segprop'];

const request = fc
  .record({
    model: spec,
    gpu: fc.constantFrom('a100-40gb', 'h100-sxm', 'l4', 'mi300x', 'v100-16gb'),
    gpuMemory: fc.option(upTo(LIMITS.memory.max), { freq: 3 }),
    gpus: upTo(LIMITS.gpus.max),
    seqLen: upTo(LIMITS.sequence.max),
    microBatch: fc.oneof(fc.constant('auto' as const), upTo(LIMITS.microBatch.max)),
    strategy: fc.constantFrom(...STRATEGIES),
    checkpointing: fc.constantFrom('none' as const, 'full' as const, 'selective' as const),
    attention: fc.constantFrom('flash' as const, 'math' as const),
    precision: fc.constantFrom('bf16-mixed' as const, 'bf16' as const, 'fp32' as const),
    optimizer: fc.constantFrom('adamw' as const, 'sgd' as const, 'adam8bit' as const),
    runtime: fc.constantFrom('pytorch' as const, 'tfjs' as const),
    stepsPerStage: upTo(LIMITS.steps.max),
    allocatorReserve: fc.constantFrom(0, 0.05, 0.5, 0.999),
  })
  .map((r): PlanRequest => {
    const gpu = gpuById(r.gpu);
    return {
      ...r,
      gpu: r.gpuMemory === null ? gpu : { ...gpu, memoryBytes: r.gpuMemory },
      segprop: { segmentSize: 1, headDepth: 0, prefixDepth: 0, forward: 'full' },
    };
  });

/** The JSON path of the first non-finite number in a plan, or undefined. */
function nonFinite(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} = ${value}`;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const bad = nonFinite(v, `${path}/${k}`);
    if (bad) return bad;
  }
  return undefined;
}

/** The plan, or undefined when the engine refuses the request with a UserError (any other error fails the run). */
function planOrRefusal(req: PlanRequest): PlanResult | undefined {
  try {
    return plan(req, cache);
  } catch (e) {
    if (isUserError(e)) return undefined;
    throw e;
  }
}

const phases = (r: PlanResult) => r.stages.map((s) => s.flops.forward + s.flops.inputGrad + s.flops.weightGrad + s.flops.recompute);

describe('fuzz: the engine inside the stated limits', () => {
  it(
    'plans with finite numbers only, or refuses with a UserError',
    () => {
      let planned = 0;
      fc.assert(
        fc.property(request, (req) => {
          const r = planOrRefusal(req);
          if (!r) return;
          planned++;
          expect(nonFinite(r)).toBeUndefined();
        }),
        { numRuns: 4500 },
      );
      expect(planned).toBeGreaterThan(300);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'FLOPs per step are linear in the micro-batch',
    () => {
      fc.assert(
        fc.property(request, upTo(2 ** 20), (req, b) => {
          const one = planOrRefusal({ ...req, microBatch: b });
          const two = planOrRefusal({ ...req, microBatch: 2 * b });
          if (!one || !two) return;
          phases(two).forEach((f, i) => expect(Math.abs(f - 2 * phases(one)[i]!)).toBeLessThanOrEqual(1e-12 * f));
        }),
        { numRuns: 400 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'the peak never falls when the micro-batch or the sequence grows',
    () => {
      fc.assert(
        fc.property(request, upTo(2 ** 20), (req, b) => {
          const at = (microBatch: number, seqLen: number) => planOrRefusal({ ...req, microBatch, seqLen })?.peakBytes;
          const base = at(b, req.seqLen);
          const moreBatch = at(b + 1, req.seqLen);
          const moreSeq = req.seqLen < LIMITS.sequence.max ? at(b, req.seqLen + 1) : undefined;
          if (base === undefined) return;
          if (moreBatch !== undefined) expect(moreBatch).toBeGreaterThanOrEqual(base);
          if (moreSeq !== undefined) expect(moreSeq).toBeGreaterThanOrEqual(base);
        }),
        { numRuns: 400 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'the solved micro-batch fits every stage and one more does not',
    () => {
      fc.assert(
        fc.property(request, (req) => {
          const r = planOrRefusal({ ...req, microBatch: 'auto' });
          if (!r || r.maxMicroBatch >= LIMITS.microBatch.max) return;
          const fitsAll = (b: number) => planOrRefusal({ ...req, microBatch: b })!.stages.every((st) => st.fits);
          if (r.maxMicroBatch >= 1) expect(fitsAll(r.maxMicroBatch)).toBe(true);
          expect(fitsAll(r.maxMicroBatch + 1)).toBe(false);
        }),
        { numRuns: 400 },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "SegProp's peak is at most E2E's with the same placement",
    () => {
      fc.assert(
        fc.property(request, fc.constantFrom('replicated' as const, 'sharded' as const), upTo(1024), (req, where, b) => {
          const placement = { trainable: { weights: where, gradients: where, optimizer: where }, frozen: where };
          const seg = planOrRefusal({ ...req, strategy: 'segprop', placement, microBatch: b });
          const e2e = planOrRefusal({ ...req, strategy: where === 'replicated' ? 'e2e' : 'fsdp', microBatch: b });
          if (seg && e2e) expect(seg.peakBytes).toBeLessThanOrEqual(e2e.peakBytes);
        }),
        { numRuns: 400 },
      );
    },
    FUZZ_TIMEOUT,
  );

  // From one GPU to two, sharding starts: the all-gather buffers appear, and for a tiny model they outweigh the
  // half of the states saved (so is FSDP not always below E2E). From two GPUs on, the gathered unit keeps its size
  // while every shard shrinks, so more GPUs must never cost memory per GPU.
  it(
    'sharding over twice the GPUs (from 2 on) never raises the per-GPU peak (FSDP, FSDP + offload, SegProp)',
    () => {
      fc.assert(
        fc.property(
          request,
          upTo(LIMITS.gpus.max / 2).map((g) => Math.max(2, g)),
          upTo(1024),
          (req, gpus, b) => {
            for (const strategy of ['fsdp', 'fsdp-offload', 'segprop'] as const) {
              const g = planOrRefusal({ ...req, strategy, gpus, microBatch: b })?.peakBytes;
              const g2 = planOrRefusal({ ...req, strategy, gpus: gpus * 2, microBatch: b })?.peakBytes;
              if (g !== undefined && g2 !== undefined) expect(g2, `${strategy} on ${gpus} GPUs`).toBeLessThanOrEqual(g);
            }
          },
        ),
        { numRuns: 400 },
      );
    },
    FUZZ_TIMEOUT,
  );
});
