// The time model against independent formulas: Megatron-LM's FLOPs with full recomputation, ring
// collectives, host copies and the CPU optimizer step, MFU bounds.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import { gpuById, makeCluster } from '../../src/hardware/catalog.js';
import { countParams } from '../../src/cost/params.js';
import { opFlops, opMatmulFlops } from '../../src/ops/registry.js';
import { optimizerPolicy } from '../../src/precision/optimizer.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { opNeeds } from '../../src/strategy/op-needs.js';
import type { Placement } from '../../src/strategy/placement.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
import { ringBandwidth, stepTime } from '../../src/time/step-time.js';
import { CLASS_INDEX, KERNEL_CLASSES } from '../../src/time/kernel-rates.js';
import { opKernel } from '../../src/time/op-kernel.js';
import type { AnyOp } from '../../src/graph/types.js';
import { plan } from '../../src/plan/plan.js';
import { gpt2, llama2_7b, resnet } from '../graph/specs.js';
import { request } from '../memory/helpers.js';
import { at } from '../at.js';
import { llamaStep } from './llama-step.js';

const { ddp: REPLICATED, fsdp: SHARDED, 'fsdp-offload': OFFLOADED } = SHARDINGS;

describe('FLOPs with full recomputation (Megatron-LM, Narayanan et al. 2021)', () => {
  it('GPT-2 XL shape: contraction FLOPs = 96·B·s·L·h²·(1 + s/6h + V/16Lh)', () => {
    const [B, s, L, h, V] = [4, 1024, 48, 1600, 50257];
    const g = buildGraph(gpt2('gpt2-xl', h, L, 25), { seqLen: s });
    const roles = g.blocks.map(() => 'train' as const);
    let ours = 0;
    for (const n of opNeeds(g, roles, 'full')) {
      const f = opMatmulFlops(n.op);
      ours += f.forward + (n.needsInputGrad ? f.inputGrad : 0) + (n.weightTrains ? f.weightGrad : 0) + (n.recomputed ? f.forward : 0);
    }
    const megatron = 96 * B * s * L * h * h * (1 + s / (6 * h) + V / (16 * L * h));
    expect(Math.abs((ours * B) / megatron - 1)).toBeLessThan(1e-12);
  });
});

function timeOf(placement: Placement, gpus: number, policy: 'none' | 'full' = 'none') {
  const graph = buildGraph(llama2_7b, { seqLen: 1024 });
  const cluster = makeCluster({ gpu: 'a100-80gb', gpus });
  const t = stepTime({
    graph,
    roles: graph.blocks.map(() => 'train'),
    policy,
    profile: pytorchProfile,
    precision: precisionPolicy('bf16-mixed'),
    optimizer: optimizerPolicy('adamw'),
    placement,
    cluster,
    attention: 'flash',
    microBatch: 2,
    peakFlopsPerSec: 312e12,
    efficiency: 1,
  });
  return { t, P: countParams(graph).total, cluster };
}

describe('communication and host traffic', () => {
  it('DDP all-reduce of bf16 gradients: 2·(N−1)/N·2P bytes over the ring', () => {
    const { t, P, cluster } = timeOf(REPLICATED, 8);
    expect(t.communication).toBeCloseTo((2 * (7 / 8) * 2 * P) / ringBandwidth(cluster), 9);
    expect(t.offload).toBe(0);
  });

  it('FSDP: all-gather weights in forward and backward, reduce-scatter gradients: 3·(N−1)/N·2P bytes', () => {
    const { t, P, cluster } = timeOf(SHARDED, 8);
    expect(t.communication).toBeCloseTo((3 * (7 / 8) * 2 * P) / ringBandwidth(cluster), 9);
  });

  it('one GPU: no collectives', () => {
    expect(timeOf(SHARDED, 1).t.communication).toBe(0);
  });

  it('offload: each rank copies its shard up twice and its gradient shard down; AdamW on the CPU', () => {
    const { t, P, cluster } = timeOf(OFFLOADED, 8);
    expect(t.offload).toBeCloseTo((3 * 2 * P) / 8 / cluster.gpu.pcieBytesPerSec, 9);
    // read grad (2), param (4 master), m, v (4 + 4); write param (4), m, v (4 + 4) = 26 bytes per parameter
    expect(t.optimizer).toBeCloseTo(((P / 8) * 26) / (cluster.hostMemoryBytesPerSec / cluster.gpusPerNode), 9);
  });

  it('step time is at least the compute of each phase and at most compute + communication + copies + optimizer', () => {
    const { t } = timeOf(OFFLOADED, 8);
    expect(t.seconds).toBeGreaterThanOrEqual(t.compute + t.optimizer - 1e-12);
    expect(t.seconds).toBeLessThanOrEqual(t.compute + t.communication + t.offload + t.optimizer + 1e-12);
  });

  it('full checkpointing adds the forward of the body layers (not embedding or head) as recompute', () => {
    const none = timeOf(REPLICATED, 1).t;
    const full = timeOf(REPLICATED, 1, 'full').t;
    expect(none.flops.recompute).toBeGreaterThan(0); // FlashAttention's backward recomputes the scores
    const graph = buildGraph(llama2_7b, { seqLen: 1024 });
    const layersForward = graph.blocks.filter((b) => b.isLayer).reduce((s, b) => s + b.ops.reduce((t, op) => t + opFlops(op).forward, 0), 0);
    expect(full.flops.recompute - none.flops.recompute).toBeCloseTo(2 * layersForward, 0);
  });
});

describe('throughput and MFU', () => {
  it('MFU never exceeds the matmul efficiency; tokens/s = b·N·s / step', () => {
    const r = plan(request(llama2_7b, { gpu: gpuById('a100-80gb'), gpus: 8, strategy: 'fsdp', microBatch: 2, seqLen: 2048 }));
    expect(r.mfu).toBeGreaterThan(0);
    expect(r.mfu).toBeLessThanOrEqual(Number(r.assumptions.matmulEfficiency));
    expect(r.hfu).toBeGreaterThanOrEqual(r.mfu);
    expect(r.throughput.tokensPerSecond).toBeCloseTo((2 * 8 * 2048) / at(r.stages, 0, 'stage').stepTimeSeconds, 6);
  });
});

describe('kernel rates in a step', () => {
  function computeOf(kernels?: Parameters<typeof stepTime>[0]['kernels']) {
    return stepTime(llamaStep(kernels && { kernels })).compute;
  }

  it('fused attention at half the rate adds its FLOPs once more: (14·h·s²·d + 11·h·s²)·L·b / peak', () => {
    // attention per layer and sample (this graph computes the masked half too): forward 2 products (4·h·s²·d) +
    // 6 FLOPs per score, backward 4 products + 5 per score, and FlashAttention's recomputed QKᵀ (2·h·s²·d)
    const [h, s, d, L, b] = [32, 1024, 128, 32, 2];
    const attentionFlops = (14 * h * s * s * d + 11 * h * s * s) * L * b;
    const same = computeOf({ attention: { forward: 1, backward: 1 } });
    const half = computeOf({ attention: { forward: 0.5, backward: 0.5 } });
    expect(same).toBeCloseTo(computeOf(), 12);
    expect((half - same) / (attentionFlops / 312e12)).toBeCloseTo(1, 9);
  });

  it('splits compute by kernel class: the classes add up to it, and each rate moves only its own class', () => {
    const kernelsOf = (kernels?: Parameters<typeof stepTime>[0]['kernels']) => stepTime(llamaStep(kernels && { kernels }));
    const base = kernelsOf({ attention: { forward: 1, backward: 1 } });
    const k = base.kernels;
    expect(k.gemm + k.attention + k.convolution + k.other).toBeCloseTo(base.compute, 12);
    expect(k.gemm).toBeGreaterThan(0);
    expect(k.other).toBeGreaterThan(0);
    expect(k.convolution).toBe(0);
    // attention at half the rate: its class alone grows, by its FLOPs over the peak (formula above)
    const [h, s, d, L, b] = [32, 1024, 128, 32, 2];
    const half = kernelsOf({ attention: { forward: 0.5, backward: 0.5 } }).kernels;
    expect((half.attention - k.attention) / (((14 * h * s * s * d + 11 * h * s * s) * L * b) / 312e12)).toBeCloseTo(1, 9);
    expect([half.gemm, half.other]).toEqual([k.gemm, k.other]);
    // GEMM waves over fewer SMs: only the GEMMs slow down
    const waves = kernelsOf({ attention: { forward: 1, backward: 1 }, sms: 54 }).kernels;
    expect(waves.gemm).toBeGreaterThan(k.gemm);
    expect([waves.attention, waves.other]).toEqual([k.attention, k.other]);
  });

  it('puts convolutions, weightless matmuls and unfused attention in their own classes', () => {
    const stage = (r: ReturnType<typeof plan>) => at(r.stages, 0, 'stage').time;
    const cnn = stage(plan(request(resnet('resnet-50', 'bottleneck', [3, 4, 6, 3]), { microBatch: 32, seqLen: 1 })));
    expect(cnn.kernels.convolution).toBeGreaterThan(0);
    expect(cnn.kernels.attention).toBe(0);
    // unfused attention's batched matmuls and softmax are its op, timed in the attention class
    const unfused = stage(plan(request(gpt2('gpt2', 768, 12, 12), { microBatch: 4, attention: 'math' })));
    expect(unfused.kernels.attention).toBeGreaterThan(0);
    expect(unfused.kernels.convolution).toBe(0);
    // a weightless batched matmul (no catalog model builds one today) runs on cuBLAS: a GEMM
    const classOf = (kind: string) => KERNEL_CLASSES[CLASS_INDEX[opKernel({ kind } as AnyOp, 'forward', 'flash')[0]]!];
    expect([classOf('matmul'), classOf('conv2d'), classOf('layernorm')]).toEqual(['gemm', 'convolution', 'other']);
  });

  it('GEMM waves only slow a step down, and a faster HBM only speeds it up', () => {
    const base = computeOf();
    expect(computeOf({ sms: 108 })).toBeGreaterThan(base);
    expect(computeOf({ memoryBytesPerSec: 1e15 })).toBeLessThan(base);
  });
});
