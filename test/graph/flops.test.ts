// Step FLOPs against published figures and independent derivations.

import { describe, expect, it } from 'vitest';
import { stepFlops } from '../../src/cost/flops.js';
import { buildGraph } from '../../src/graph/build.js';
import { gpt2, llama2_7b, resnet, vit } from './specs.js';
import { at } from '../at.js';

describe('ResNet-50, 224², batch 1 (torchvision: 4.089 "GFLOPS" = MACs)', () => {
  const g = buildGraph(resnet('resnet-50', 'bottleneck', [3, 4, 6, 3]), { seqLen: 1 });
  const f = stepFlops(g, { microBatch: 1 });

  it('conv + linear MACs are exactly 4,089,184,256, their FLOPs twice that', () => {
    expect(f.macs).toBe(4_089_184_256);
    expect(f.matmul.forward).toBe(2 * 4_089_184_256);
  });

  it('all trainable: weight grads 2·MACs; input grads skip only the stem conv (it reads the image)', () => {
    const stemConv = 64 * 112 * 112 * 3 * 7 * 7;
    expect(f.matmul.weightGrad).toBe(2 * 4_089_184_256);
    expect(f.matmul.inputGrad).toBe(2 * (4_089_184_256 - stemConv));
  });

  it('scales linearly with the micro-batch', () => {
    const f8 = stepFlops(g, { microBatch: 8 });
    expect(f8.macs).toBe(8 * f.macs);
    expect(f8.sum).toBe(8 * f.sum);
  });
});

describe('ViT-B/16, 224², batch 1', () => {
  const g = buildGraph(vit('vit-b-16', 768, 12, 12), { seqLen: 1 });
  const f = stepFlops(g, { microBatch: 1 });
  // Independent derivation: 196 patches + class token = 197 tokens through every layer.
  const h = 768;
  const s = 197;
  const patch = 196 * h * (3 * 16 * 16);
  const layer = 4 * s * h * h + 2 * s * h * 3072 + 2 * s * s * h; // q,k,v,o + MLP + QKᵀ and PV
  const head = h * 1000;
  const derived = patch + 12 * layer + head;

  it('MACs including the attention products: 17,563,828,224 (= the derivation; 197 tokens in every layer)', () => {
    expect(derived).toBe(17_563_828_224);
    expect(f.macs).toBe(derived);
  });

  it("rounds to torchvision's published 17.564 GFLOPS (MACs)", () => {
    expect(Math.round(f.macs / 1e6) / 1e3).toBe(17.564);
  });
});

describe('Llama-2-7B, batch 1, sequence 128 (calflops: forward 1700.06 GFLOPs, fw+bw 5100.19)', () => {
  const g = buildGraph(llama2_7b, { seqLen: 128 });
  const all = stepFlops(g, { microBatch: 1 });

  it('forward contraction FLOPs: exactly 1,700,001,742,848, within 0.05% of calflops', () => {
    expect(all.matmul.forward).toBe(1_700_001_742_848);
    expect(Math.abs(all.matmul.forward / 1700.06e9 - 1)).toBeLessThan(5e-4);
  });

  it('elementwise FLOPs are reported apart and are a small positive share', () => {
    expect(all.other.forward).toBeGreaterThan(0);
    expect(all.other.forward / all.matmul.forward).toBeLessThan(0.01);
    expect(all.total.forward).toBe(all.matmul.forward + all.other.forward);
  });

  // Linears: input grad = weight grad = forward. Attention products have no weights; their backward
  // (dQ, dK, dV, dP) is twice their forward, all of it input grad.
  const attnFw = 32 * 2 * (2 * 32 * 128 * 128 * 128); // layers · 2 FLOPs · (QKᵀ + PV) MACs

  it('all trainable: contractions cost exactly 3x forward (the embedding has no matmul to skip)', () => {
    const m = all.matmul;
    expect(m.forward + m.inputGrad + m.weightGrad).toBe(3 * m.forward);
    expect(m.weightGrad).toBe(m.forward - attnFw);
    expect(m.inputGrad).toBe(m.forward + attnFw);
    expect(Math.abs((m.forward + m.inputGrad + m.weightGrad) / 5100.19e9 - 1)).toBeLessThan(5e-4);
  });

  it('a frozen prefix costs forward only; blocks after the first trainable one get input grads', () => {
    const first = g.blocks.findIndex((b) => b.name === 'layers.16');
    const trainable = g.blocks.filter((b) => b.index >= first).map((b) => b.index);
    const f = stepFlops(g, { microBatch: 1, trainable });
    for (const b of f.blocks) {
      if (b.index < first) {
        expect(b.total.inputGrad).toBe(0);
        expect(b.total.weightGrad).toBe(0);
        expect(b.total.forward).toBe(at(all.blocks, b.index, 'block').total.forward);
      } else {
        expect(b.matmul.inputGrad + b.matmul.weightGrad).toBe(2 * b.matmul.forward);
      }
    }
    // the first trainable op is layers.16.norm1: its own input grad is skipped, nothing else
    const norm1 = 6 * 128 * 4096; // rmsnorm input grad: 5 + 1 (γ) per element
    expect(at(f.blocks, first, 'block').total.inputGrad).toBe(at(all.blocks, first, 'block').total.inputGrad - norm1);
  });

  it('frozen blocks after a trainable one pass input grads but compute no weight grads', () => {
    const f = stepFlops(g, { microBatch: 1, trainable: [1] }); // layers.0 only
    const later = f.blocks.find((b) => b.name === 'layers.5')!;
    expect(later.trainable).toBe(false);
    expect(later.total.weightGrad).toBe(0);
    expect(later.matmul.inputGrad).toBe(later.matmul.forward + attnFw / 32);
    const embed = at(f.blocks, 0, 'block');
    expect(embed.total.inputGrad + embed.total.weightGrad).toBe(0);
  });

  it('the causal-half option halves the attention products only', () => {
    const half = stepFlops(buildGraph(llama2_7b, { seqLen: 128, causalHalf: true }), { microBatch: 1 });
    expect(all.matmul.forward - half.matmul.forward).toBe(attnFw / 2);
    expect(all.matmul.inputGrad - half.matmul.inputGrad).toBe(attnFw);
    expect(all.matmul.weightGrad).toBe(half.matmul.weightGrad);
    expect(all.macs - half.macs).toBe(attnFw / 4);
    expect(half.other).toEqual(all.other);
  });
});

describe('Megatron-LM model FLOPs (Narayanan et al. 2021), GPT-2 XL shape', () => {
  it('contractions fw + bw = 72·B·s·L·h²·(1 + s/(6h) + V/(12·L·h)) exactly (ff = 4h, no recompute)', () => {
    const [B, s, L, h, V] = [4, 1024, 48, 1600, 50257];
    const f = stepFlops(buildGraph(gpt2('gpt2-xl', h, L, 25), { seqLen: s }), { microBatch: B });
    const megatron = 72 * B * s * L * h * h * (1 + s / (6 * h) + V / (12 * L * h));
    const ours = f.matmul.forward + f.matmul.inputGrad + f.matmul.weightGrad;
    expect(Math.abs(ours / megatron - 1)).toBeLessThan(1e-12);
  });
});
