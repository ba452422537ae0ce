// LoRA as the adapter axis, checked against PEFT's published trainable counts and the adapter's own formulas:
// r·(in + out) parameters per adapted matrix (Hu et al. 2021), 2·tokens·r·(in + out) FLOPs per adapter in each of
// forward, input gradient and weight gradient, and a frozen base that keeps no gradient or optimizer state.
import { describe, expect, it } from 'vitest';
import { adaptedGraph, loraParams } from '../../src/adapter/lora.js';
import { countParams } from '../../src/cost/params.js';
import { RequestError } from '../../src/errors.js';
import { plan } from '../../src/plan/plan.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import { gpt2, llama2_7b } from '../graph/specs.js';
import { graphOf, memoryOf, request } from '../memory/helpers.js';

const P = 6_738_415_616; // LLaMA-2-7B
const H = 4096;
const FF = 11008;
const LAYERS = 32;

describe('LoRA trainable parameters (PEFT print_trainable_parameters)', () => {
  it('Llama-2-7B, r = 8 on q_proj,v_proj: 4,194,304', () => {
    const r = plan(request(llama2_7b, { strategy: 'lora', lora: { rank: 8, targets: 'q_proj,v_proj' }, microBatch: 1 }));
    expect(r.model.params.trainable).toBe(4_194_304);
    expect(r.stages[0]!.trainableParams).toBe(4_194_304);
    // the model's own count is unchanged
    expect(r.model.params.total).toBe(P);
    expect(r.settings).toMatchObject({ schedule: 'e2e', adapter: 'lora', sharding: 'ddp', lora: { rank: 8, targets: 'q_proj,v_proj' } });
  });

  it('Llama-2-7B, r = 64 on all linear layers: 159,907,840 (the QLoRA recipe)', () => {
    const r = plan(request(llama2_7b, { strategy: 'lora', lora: { rank: 64, targets: 'all-linear' }, microBatch: 1 }));
    expect(r.model.params.trainable).toBe(159_907_840);
    expect(r.model.params.trainable).toBe(LAYERS * (4 * loraParams(64, H, H) + 3 * loraParams(64, H, FF)));
  });

  it('an adapted graph holds the base parameters and r·(in + out) per adapter', () => {
    const g = graphOf(llama2_7b);
    const a = adaptedGraph(g, 'lora', { rank: 16, targets: 'q_proj,k_proj,v_proj,o_proj' });
    expect(countParams(a).total - countParams(g).total).toBe(LAYERS * 4 * 16 * (H + H));
  });

  it("GPT-2's c_proj adapts both projections PEFT finds by that name: the attention output and the MLP's second layer", () => {
    const g = graphOf(gpt2('gpt2', 768, 12, 12));
    const a = adaptedGraph(g, 'lora', { rank: 8, targets: 'c_fc,c_proj' });
    expect(countParams(a).total - countParams(g).total).toBe(12 * 8 * (768 + 768 + (768 + 3072) + (3072 + 768)));
  });

  it('names PEFT does not use, or that match nothing, are request errors naming lora.targets', () => {
    const g = graphOf(llama2_7b);
    expect(() => adaptedGraph(g, 'lora', { rank: 8, targets: 'c_attn' })).toThrow(RequestError);
    expect(() => adaptedGraph(g, 'lora', { rank: 8, targets: 'q_proj,bogus' })).toThrow(/lora.targets .*unknown module "bogus"/);
    // GPT-2 has no gated MLP
    expect(() => adaptedGraph(graphOf(gpt2('gpt2', 768, 12, 12)), 'lora', { rank: 8, targets: 'gate_proj' })).toThrow(/matches no linear layer/);
    expect(() => adaptedGraph(g, 'lora', { rank: 0, targets: 'q_proj' })).toThrow(/lora.rank 0: must be a positive integer/);
  });
});

describe('LoRA FLOPs: the adapter paths, and no base weight gradients', () => {
  const s = 512;
  const req = request(llama2_7b, { seqLen: s, microBatch: 1, checkpointing: 'none' });
  const e2e = plan(req).stages[0]!.flops;
  const rank = 8;
  const lora = plan({ ...req, strategy: 'lora', lora: { rank, targets: 'q_proj,v_proj' } }).stages[0]!.flops;
  const adapterPath = LAYERS * 2 * 2 * s * rank * (H + H);

  it('weight gradients are exactly the adapters’: 2·tokens·r·(in + out) each', () => {
    expect(lora.weightGrad).toBe(adapterPath);
  });

  it('forward is the base forward plus the adapter paths and their adds', () => {
    const adds = LAYERS * 2 * s * H;
    expect(lora.forward).toBe(e2e.forward + adapterPath + adds);
  });

  it('input gradients run through every frozen projection, the adapters and their adds', () => {
    // the embedding's output requires a gradient under E2E (its table trains), so layer 0 computes its input gradient either way
    // an add passes its gradient on at one FLOP per element (src/ops/kinds/add)
    const adds = LAYERS * 2 * s * H;
    expect(lora.inputGrad).toBe(e2e.inputGrad + adapterPath + adds);
  });

  it('full checkpointing after a frozen input still produces the adapter gradients (and recomputes the forward)', () => {
    const ck = plan({ ...req, strategy: 'lora', checkpointing: 'full', lora: { rank, targets: 'q_proj,v_proj' } }).stages[0]!.flops;
    expect(ck.weightGrad).toBe(lora.weightGrad);
    expect(ck.recompute).toBeGreaterThan(0);
  });
});

describe('LoRA memory: a frozen base and trainable adapters', () => {
  const rank = 8;
  const T = LAYERS * 2 * loraParams(rank, H, H);
  const lora = { rank, targets: 'q_proj,v_proj' };

  it('one GPU: base + adapter weights in bf16, gradients and Adam state (fp32 master + moments) for the adapters only', () => {
    const g = adaptedGraph(graphOf(llama2_7b), 'lora', lora);
    const m = memoryOf(
      g,
      g.blocks.map(() => 'train'),
      SHARDINGS.ddp,
      1,
    );
    const step = m.events.find((e) => e.phase === 'optimizer')!;
    expect(m.trainableParams).toBe(T);
    expect(step.weights).toBe(2 * (P + T));
    expect(step.gradients).toBe(2 * T);
    expect(step.optimizer).toBe(12 * T);
  });

  it('the adapters save their input once (q and v read the same tensor) and their r-dim intermediates', () => {
    const g = graphOf(llama2_7b, 256);
    const saved = (targets: string) => {
      const a = adaptedGraph(g, 'lora', { rank, targets });
      return memoryOf(
        a,
        a.blocks.map(() => 'train'),
        SHARDINGS.ddp,
        1,
      ).savedAtEndOfForward;
    };
    const q = saved('q_proj');
    const qv = saved('q_proj,v_proj');
    // v's adapter adds only its rank-r intermediate: 256 tokens × r in bf16 per layer
    expect(qv.d - q.d).toBe(LAYERS * 256 * rank * 2);
  });

  it('the frozen base follows the frozen placement; the adapters the trainable one', () => {
    const r = plan(request(llama2_7b, { strategy: 'lora', lora, microBatch: 1, placement: { frozen: 'offloaded' } }));
    expect(r.stages[0]!.memory.weights).toBe(2 * T);
    expect(r.stages[0]!.memory.hostBytes).toBe(2 * P);
  });

  it('composes with shardings and schedules', () => {
    const z2 = plan(request(llama2_7b, { strategy: 'lora', sharding: 'zero2', gpus: 8, lora, microBatch: 1 }));
    expect(z2.settings).toMatchObject({ adapter: 'lora', sharding: 'zero2' });
    expect(z2.model.params.trainable).toBe(T);
    const seg = plan(
      request(llama2_7b, {
        strategy: 'lora',
        schedule: 'segprop',
        gpus: 8,
        lora,
        microBatch: 1,
        segprop: { segmentSize: 8, headDepth: 2, prefixDepth: 0, forward: 'full' },
      }),
    );
    expect(seg.stages.length).toBeGreaterThan(1);
    // each stage trains the adapters of its segment and of the head's layers: 8 + 2 layers' q and v adapters
    expect(seg.stages[0]!.trainableParams).toBe(10 * 2 * loraParams(rank, H, H));
  });

  it('uses less memory than full fine-tuning at the same micro-batch', () => {
    const base = request(llama2_7b, { microBatch: 1, checkpointing: 'full' });
    expect(plan({ ...base, strategy: 'lora', lora }).peakBytes).toBeLessThan(plan(base).peakBytes / 2);
  });
});
