// AdamW's step transient by implementation (src/precision/adamw-impl.ts) against the tensor shapes of published
// models, and the optimizer event of the memory timeline under each. The CPU measurement of foreach and loop
// is test/validate/torch/quick.test.ts; fused AdamW has no CPU kernel in torch 1.13 and no published
// measurement with complete settings was found (sources searched: docs/memory.md, "Fused AdamW, derived from its
// source"), so its rule is derived from the kernel: `torch._fused_adamw_` runs multi_tensor_apply_for_fused_optimizer,
// which passes chunk metadata as the kernel argument and updates p, m, v in registers (no device allocation).
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/cost/params.js';
import { optimizerPolicy } from '../../src/precision/optimizer.js';
import { trainableTensors } from '../../src/precision/param-tensors.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { type Placement } from '../../src/strategy/placement.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import { stageRuns } from '../../src/strategy/stage-runs.js';
import type { BlockRole } from '../../src/strategy/roles.js';
import type { ClipGrad, OptimizerImpl } from '../../src/vocabulary.js';
import { gpuById } from '../../src/hardware/catalog.js';
import { plan } from '../../src/plan/plan.js';
import { blockBytes } from '../../src/runtime/allocator.js';
import { gpt2, llama2_7b } from '../graph/specs.js';
import { graphOf, memoryOf, request } from '../memory/helpers.js';

const { ddp: REPLICATED, fsdp: SHARDED } = SHARDINGS;

const bf16Mixed = precisionPolicy('bf16-mixed');

function stepEvent(
  graph: ReturnType<typeof graphOf>,
  roles: readonly BlockRole[],
  impl: OptimizerImpl,
  placement: Placement = REPLICATED,
  gpus = 1,
  clip: ClipGrad = 'none',
) {
  const m = memoryOf(graph, roles, placement, gpus, 'none', { optimizer: optimizerPolicy('adamw', impl, clip) });
  return m.events.find((e) => e.phase === 'optimizer')!;
}

const transient = (e: { transient: readonly { c: number; d: number }[] }) => Math.max(0, ...e.transient.map((l) => l.c));

describe('trainable tensors of a stage', () => {
  it('Llama-2-7B: every parameter counted once; the largest tensor is the 32000 x 4096 embedding (and the LM head)', () => {
    const graph = graphOf(llama2_7b);
    const all = graph.blocks.map((): BlockRole => 'train');
    const t = trainableTensors(graph, stageRuns(graph, all));
    expect(t.params).toBe(countParams(graph).total);
    expect(t.params).toBe(6_738_415_616);
    expect(t.largest).toBe(32000 * 4096);
    // factored statistics: per layer q, k, v, o (4096 + 4096 each), gate and up (11008 + 4096), down (4096 + 11008);
    // embedding and LM head (32000 + 4096 each); unfactored: two RMSNorm weights per layer and the final one
    expect(t.factoredStats).toBe(32 * (4 * 8192 + 3 * (11008 + 4096)) + 2 * (32000 + 4096));
    expect(t.unfactored).toBe(32 * 2 * 4096 + 4096);
  });

  it("GPT-2's tied table trains with a training LM head even when the embedding block is frozen", () => {
    const graph = graphOf(gpt2('gpt2', 768, 12, 12), 128);
    const roles = graph.blocks.map((_, i): BlockRole => (i >= graph.blocks.length - 2 ? 'train' : 'frozen-path'));
    const t = trainableTensors(graph, stageRuns(graph, roles));
    expect(t.largest).toBe(50257 * 768);
    expect(t.params).toBe(stageRuns(graph, roles).trainable);
  });
});

describe('AdamW step transient by implementation (bf16-mixed: fp32 moments)', () => {
  const graph = graphOf(llama2_7b);
  const P = countParams(graph).total;
  const all = graph.blocks.map((): BlockRole => 'train');

  it("foreach: one fp32 v-sized list (torch 2.x _multi_tensor_adamw's exp_avg_sq_sqrt), today's default", () => {
    expect(optimizerPolicy('adamw').impl).toBe('foreach');
    expect(transient(stepEvent(graph, all, 'foreach'))).toBe(4 * P);
  });

  it('loop: two fp32 temporaries of the largest tensor (sqrt(v) and its quotient in _single_tensor_adamw)', () => {
    expect(transient(stepEvent(graph, all, 'loop'))).toBe(2 * 4 * 32000 * 4096);
  });

  it("fused: the optimizer event holds only the kernel's inputs: weights, fp32 master, gradients, m and v", () => {
    const e = stepEvent(graph, all, 'fused');
    expect(transient(e)).toBe(0);
    expect(e.weights + e.gradients + e.optimizer).toBe(16 * P);
  });

  it('sharded optimizer state (per-parameter shards, FSDP2): each rank steps 1/N of every tensor', () => {
    for (const impl of ['foreach', 'loop'] as const) {
      expect(transient(stepEvent(graph, all, impl, SHARDED, 8))).toBeCloseTo(transient(stepEvent(graph, all, impl)) / 8, 0);
    }
  });

  it('SGD and 8-bit Adam step in place under every implementation', () => {
    for (const name of ['sgd', 'adam8bit'] as const) {
      for (const impl of ['foreach', 'fused', 'loop'] as const) {
        const t = trainableTensors(graph, stageRuns(graph, all));
        expect(optimizerPolicy(name, impl).stepTransientBytes(bf16Mixed, t)).toBe(0);
      }
    }
  });
});

describe('more optimizers: SGD without momentum, Adafactor, gradient clipping', () => {
  const graph = graphOf(llama2_7b);
  const all = graph.blocks.map((): BlockRole => 'train');
  const t = trainableTensors(graph, stageRuns(graph, all));

  it('sgd-plain keeps no state; sgd (momentum) keeps one buffer, as before', () => {
    expect(optimizerPolicy('sgd-plain').stateBytes(bf16Mixed, t)).toBe(0);
    expect(optimizerPolicy('sgd').stateBytes(bf16Mixed, t)).toBe(4);
  });

  it('Adafactor: fp32 row + column statistics per matrix (r + c for r x c), a full fp32 v per vector', () => {
    // per layer: q, k, v, o 4096 x 4096; gate, up 11008 x 4096; down 4096 x 11008; two norms of 4096
    const perLayer = 4 * (4096 + 4096) + 3 * (11008 + 4096) + 2 * 4096;
    const stats = 32 * perLayer + 2 * (32000 + 4096) + 4096;
    const P = countParams(graph).total;
    expect(optimizerPolicy('adafactor').stateBytes(bf16Mixed, t) * P).toBeCloseTo(4 * stats, 3);
    // with the fp32 master and 16-bit weights and gradients: 2 + 2 + 4 bytes and the statistics
    const e = memoryOf(graph, all, REPLICATED, 1, 'none', { optimizer: optimizerPolicy('adafactor') }).events.find((x) => x.phase === 'optimizer')!;
    expect(e.weights + e.gradients + e.optimizer).toBeCloseTo(8 * P + 4 * stats, 0);
  });

  it("Adafactor's step: two fp32 temporaries of the largest tensor, and an fp32 copy of a 16-bit gradient or weight", () => {
    const largest = 32000 * 4096;
    expect(optimizerPolicy('adafactor').stepTransientBytes(precisionPolicy('fp32'), t)).toBe(4 * 2 * largest);
    expect(optimizerPolicy('adafactor').stepTransientBytes(bf16Mixed, t)).toBe(4 * 3 * largest); // bf16 gradient
    expect(optimizerPolicy('adafactor').stepTransientBytes(precisionPolicy('bf16'), t)).toBe(4 * 4 * largest); // and bf16 weights
  });

  it("clip_grad_norm_: one 512-byte block per gradient tensor's norm, their stack and three scalars", () => {
    // 32 layers x 9 tensors (7 matrices, 2 norms) + embedding, final norm, LM head = 291 tensors
    expect(t.count).toBe(291);
    const clip = optimizerPolicy('adamw', 'fused', 'norm').clipTransientBytes(bf16Mixed, t);
    expect(clip).toBe(291 * 512 + Math.ceil((291 * 2) / 512) * 512 + 3 * 512);
    expect(optimizerPolicy('adamw', 'fused').clipTransientBytes(bf16Mixed, t)).toBe(0);
    // with fused AdamW (no temporaries of its own) clipping is the optimizer event's transient
    expect(transient(stepEvent(graph, all, 'fused', REPLICATED, 1, 'norm'))).toBe(clip);
    // foreach AdamW's v-sized list is far larger: the event keeps the larger of the two, which run one after the other
    expect(transient(stepEvent(graph, all, 'foreach', REPLICATED, 1, 'norm'))).toBe(transient(stepEvent(graph, all, 'foreach')));
  });
});

describe('fused AdamW derived from its kernel (no published measurement with complete settings)', () => {
  it('holds nothing beyond its inputs whatever the number and size of tensors (the chunk metadata is a kernel argument)', () => {
    for (const graph of [graphOf(llama2_7b), graphOf(gpt2('gpt2', 768, 12, 12), 128)]) {
      const all = graph.blocks.map((): BlockRole => 'train');
      expect(trainableTensors(graph, stageRuns(graph, all)).count).toBeGreaterThan(100);
      expect(transient(stepEvent(graph, all, 'fused'))).toBe(0);
    }
  });

  it('Llama-2-7B at 16 tokens: foreach peaks at the step with 20 bytes per parameter, fused at 16 plus what backward holds', () => {
    // at 16 tokens a sample the activations are a few hundred KB, so the step (16 bytes of model states per
    // parameter, plus foreach's 4-byte list) is the peak; under fused the step holds the 16 bytes only, and the
    // peak moves to backward, which holds the same states and the small activations
    const at = (optimizerImpl: OptimizerImpl) => plan(request(llama2_7b, { gpu: gpuById('h200'), microBatch: 1, seqLen: 16, optimizerImpl }));
    const [foreach, fused] = [at('foreach'), at('fused')];
    const P = foreach.model.params.trainable;
    expect(foreach.stages[0]!.peakEvent.phase).toBe('optimizer');
    expect(foreach.allocatedBytes).toBe(20 * P);
    expect(fused.stages[0]!.peakEvent.phase).toBe('backward');
    expect(fused.allocatedBytes - 16 * P).toBeGreaterThan(0);
    expect(fused.allocatedBytes - 16 * P).toBeLessThan(2 ** 20);
  });

  it("not modelled: fused keeps each parameter's `step` on the GPU (a 0-dim fp32 tensor, one 512-byte block each), under 2 × 10⁻⁶ of the model states", () => {
    const graph = graphOf(llama2_7b);
    const t = trainableTensors(
      graph,
      stageRuns(
        graph,
        graph.blocks.map((): BlockRole => 'train'),
      ),
    );
    const steps = t.count * blockBytes(4);
    expect(steps).toBe(291 * 512);
    expect(steps / (16 * t.params)).toBeLessThan(2e-6);
  });
});
