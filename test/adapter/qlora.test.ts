// QLoRA: a frozen base in 4-bit NF4 with double-quantized block constants (Dettmers et al. 2023), adapters in
// the recipe's dtype. Checked against the paper's figures: 4.127 bits per weight, and its headline that
// LLaMA-65B fine-tunes on one 48 GB GPU while 16-bit full fine-tuning needs more than 780 GB.
import { describe, expect, it } from 'vitest';
import { adaptedGraph } from '../../src/adapter/lora.js';
import { NF4_BLOCK, quantizedMatrixBytes } from '../../src/adapter/quantized.js';
import { countParams } from '../../src/cost/params.js';
import { gpuById } from '../../src/hardware/catalog.js';
import { summarizeBlock } from '../../src/memory/block-summary.js';
import { loadModel } from '../../src/model/load.js';
import { plan } from '../../src/plan/plan.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import { llama2_7b } from '../graph/specs.js';
import { graphOf, memoryOf, request } from '../memory/helpers.js';

const H = 4096;
// a layer that trains after a training block, in bf16 with flash attention, without checkpointing
const TRAINING_LAYER = { role: 'train', upstreamTrains: true, policy: 'none', profile: pytorchProfile, dtype: 'bf16', attention: 'flash' } as const;
const FF = 11008;

describe('NF4 storage (QLoRA §3)', () => {
  it('4 bits per weight + 8-bit constants per block of 64 + one fp32 constant per 256 constants: 4.127 bits', () => {
    const n = H * H;
    expect((8 * quantizedMatrixBytes('nf4', H, H)) / n).toBe(4 + 8 / 64 + 32 / (64 * 256));
    expect((8 * quantizedMatrixBytes('nf4', H, H)) / n).toBeCloseTo(4.127, 3);
    // a partial block still holds a whole constant
    expect(quantizedMatrixBytes('nf4', 1, NF4_BLOCK + 1)).toBe(33 + 2 + 4);
  });

  it('Llama-2-7B under qlora: layer projections in NF4, embeddings, norms and LM head in 16 bits, adapters in the weight dtype', () => {
    const lora = { rank: 8, targets: 'q_proj,v_proj' };
    const g = adaptedGraph(graphOf(llama2_7b), 'qlora', lora);
    const m = memoryOf(
      g,
      g.blocks.map(() => 'train'),
      SHARDINGS.ddp,
      1,
    );
    const step = m.events.find((e) => e.phase === 'optimizer')!;
    const projections = 32 * (4 * H * H + 3 * H * FF);
    const adapters = 32 * 2 * 8 * (H + H);
    const rest = 6_738_415_616 - projections;
    expect(step.weights).toBe(projections * (0.5 + 1 / 64 + 4 / (64 * 256)) + 2 * rest + 2 * adapters);
    expect(step.gradients).toBe(2 * adapters);
  });

  it('LLM.int8 base (--base-dtype int8): one byte per weight and one fp32 scale per output row', () => {
    const g = adaptedGraph(graphOf(llama2_7b), 'lora', { rank: 8, targets: 'q_proj,v_proj', baseDtype: 'int8' });
    const m = memoryOf(
      g,
      g.blocks.map(() => 'train'),
      SHARDINGS.ddp,
      1,
    );
    const step = m.events.find((e) => e.phase === 'optimizer')!;
    const projections = 32 * (4 * H * H + 3 * H * FF);
    // output rows per layer: q, k, v, o and down have H, gate and up FF
    const rows = 32 * (5 * H + 2 * FF);
    const adapters = 32 * 2 * 8 * (H + H);
    expect(step.weights).toBe(projections + 4 * rows + 2 * (6_738_415_616 - projections) + 2 * adapters);
    // qlora with --base-dtype recipe is plain LoRA
    const plain = adaptedGraph(graphOf(llama2_7b), 'qlora', { rank: 8, targets: 'q_proj,v_proj', baseDtype: 'recipe' });
    const weights = memoryOf(
      plain,
      plain.blocks.map(() => 'train'),
      SHARDINGS.ddp,
      1,
    ).events.at(-1)!.weights;
    expect(weights).toBe(2 * (6_738_415_616 + adapters));
  });

  it('the dequantized weight is a transient of the op that runs: the largest projection, in bf16', () => {
    const lora = { rank: 8, targets: 'q_proj,v_proj' };
    const base = graphOf(llama2_7b);
    const fixedPeak = (adapter: 'lora' | 'qlora') => {
      const g = adaptedGraph(base, adapter, lora);
      const s = summarizeBlock({ block: g.blocks[1]!, ...TRAINING_LAYER });
      return Math.max(...s.forwardPeak.map((l) => l.c), ...s.backwardPeak.map((l) => l.c));
    };
    expect(fixedPeak('lora')).toBe(0);
    expect(fixedPeak('qlora')).toBe(2 * H * FF);
  });
});

describe("QLoRA's headline (Dettmers et al. 2023, abstract)", () => {
  const spec = loadModel('llama-65b').spec;
  // a 48 GB GPU: the L40S (nvidia-smi 46,068 MiB)
  const gpu = gpuById('l40s');
  const req = request(spec, { gpu, seqLen: 512, checkpointing: 'full', microBatch: 1 });

  it("LLaMA-65B: the LLaMA paper's 65.2B parameters (its counts are truncated to 0.1B: 6,738,415,616 is its 6.7B)", () => {
    expect(Math.floor(countParams(graphOf(spec, 512)).total / 1e8) / 10).toBe(65.2);
  });

  it('fine-tunes on one 48 GB GPU with r = 64 on all linear layers, sequence 512, checkpointing, micro-batch >= 1', () => {
    // qlora.py --bf16: adapters in bf16 without an fp32 master copy
    const r = plan({ ...req, strategy: 'qlora', precision: 'bf16', lora: { rank: 64, targets: 'all-linear' }, microBatch: 'auto' });
    expect(gpu.memoryBytes).toBeGreaterThan(48e9);
    expect(r.fits).toBe(true);
    expect(r.maxMicroBatch).toBeGreaterThanOrEqual(1);
    // the paper's paged 32-bit AdamW keeps fp32 moments: 4 bytes more per trainable parameter than bf16 moments,
    // and (bitsandbytes' fused step) no foreach workspace; with the workspace counted twice over it still fits at b = 1
    const b1 = plan({ ...req, strategy: 'qlora', precision: 'bf16', lora: { rank: 64, targets: 'all-linear' } });
    expect(b1.peakBytes + 6 * b1.model.params.trainable).toBeLessThan(gpu.memoryBytes);
  });

  it('full 16-bit fine-tuning (bf16-mixed E2E) of it needs more than 780 GB', () => {
    const r = plan({ ...req, strategy: 'e2e' });
    expect(r.peakBytes).toBeGreaterThan(780e9);
    expect(r.fits).toBe(false);
  });
});
