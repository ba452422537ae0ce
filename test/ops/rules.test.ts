// Op cost rules: the formulas on hand-checked cases, and invariants over random attributes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyOp, OpKind } from '../../src/graph/types.js';
import { opFlops, opHasWeights, opMacs, opMatmulFlops, opParams, registeredKinds, ruleFor } from '../../src/ops/registry.js';
import { ALL_RULES } from '../../src/ops/kinds/index.js';

const t = { id: 0, perSample: 1, role: 'act' as const, name: 't' };
const op = <K extends OpKind>(kind: K, attrs: unknown): AnyOp => ({ kind, name: kind, attrs, inputs: [t], output: t }) as unknown as AnyOp;

const ALL_KINDS: OpKind[] = [
  'linear',
  'matmul',
  'attention',
  'conv2d',
  'embedding',
  'parameter',
  'layernorm',
  'rmsnorm',
  'batchnorm',
  'activation',
  'mul',
  'add',
  'dropout',
  'pool',
  'global-avgpool',
  'rope',
  'cross-entropy',
  'router',
  'moe-combine',
  'layer-scale',
  'stochastic-depth',
];

describe('registry', () => {
  it('has exactly one rule per op kind, each with a formula', () => {
    expect(new Set(registeredKinds())).toEqual(new Set(ALL_KINDS));
    expect(ALL_RULES).toHaveLength(ALL_KINDS.length);
    for (const k of ALL_KINDS) expect(ruleFor(k).formula.length).toBeGreaterThan(10);
  });
});

describe('mixture of experts', () => {
  it('an expert bank: E times the parameters, top-k times the products of one matrix', () => {
    const a = { rows: 128, inFeatures: 4096, outFeatures: 14336, bias: false, experts: { count: 8, topK: 2 } };
    const mac = 2 * 128 * 4096 * 14336;
    expect(opFlops(op('linear', a))).toEqual({ forward: 2 * mac, inputGrad: 2 * mac, weightGrad: 2 * mac });
    expect(opMacs(op('linear', a))).toBe(mac);
    expect(opParams(op('linear', a))).toBe(8 * 4096 * 14336);
  });

  it('router: softmax 4 FLOPs per logit each way, renormalisation 2k / 3k per row', () => {
    const a = { rows: 10, experts: 8, topK: 2, normalize: true };
    expect(opFlops(op('router', a))).toEqual({ forward: 10 * (32 + 4), inputGrad: 10 * (32 + 6), weightGrad: 0 });
    expect(opFlops(op('router', { ...a, normalize: false })).forward).toBe(10 * 32);
  });

  it('combine: (2k − 1)·h forward and 3k·h backward per row, plus the gated shared expert', () => {
    const a = { rows: 10, topK: 2, features: 64, shared: 'none' as const };
    expect(opFlops(op('moe-combine', a))).toEqual({ forward: 10 * 3 * 64, inputGrad: 10 * 6 * 64, weightGrad: 0 });
    expect(opFlops(op('moe-combine', { ...a, shared: 'plain' }))).toEqual({ forward: 10 * (3 * 64 + 64), inputGrad: 10 * 6 * 64, weightGrad: 0 });
    expect(opFlops(op('moe-combine', { ...a, shared: 'gated' }))).toEqual({
      forward: 10 * (3 * 64 + 2 * 64 + 4),
      inputGrad: 10 * (6 * 64 + 3 * 64 + 3),
      weightGrad: 0,
    });
  });
});

describe('linear', () => {
  const a = { rows: 128, inFeatures: 4096, outFeatures: 11008, bias: false };
  const mac = 128 * 4096 * 11008;

  it('three GEMMs of 2·rows·in·out; one MAC per multiply-add', () => {
    expect(opFlops(op('linear', a))).toEqual({ forward: 2 * mac, inputGrad: 2 * mac, weightGrad: 2 * mac });
    expect(opMacs(op('linear', a))).toBe(mac);
    expect(opParams(op('linear', a))).toBe(4096 * 11008);
  });

  it('bias: rows·out extra in forward and weight grad, not in the contraction part', () => {
    const b = { ...a, bias: true };
    expect(opFlops(op('linear', b))).toEqual({
      forward: 2 * mac + 128 * 11008,
      inputGrad: 2 * mac,
      weightGrad: 2 * mac + 128 * 11008,
    });
    expect(opMatmulFlops(op('linear', b))).toEqual(opFlops(op('linear', a)));
    expect(opParams(op('linear', b))).toBe(4096 * 11008 + 11008);
  });

  it('a tied weight holds no parameters but still gets its gradient', () => {
    const tied = op('linear', { ...a, bias: true, tiedWeight: true });
    expect(opParams(tied)).toBe(11008);
    expect(opFlops(tied).weightGrad).toBe(2 * mac + 128 * 11008);
    expect(opHasWeights(tied)).toBe(true);
  });
});

describe('matmul (weightless)', () => {
  it('backward computes both operands: input grad = 2x forward, no weight grad', () => {
    const f = opFlops(op('matmul', { count: 3, m: 5, k: 7, n: 11 }));
    expect(f).toEqual({ forward: 2 * 3 * 5 * 7 * 11, inputGrad: 4 * 3 * 5 * 7 * 11, weightGrad: 0 });
  });
});

describe('attention', () => {
  const base = { heads: 32, kvHeads: 32, queryLen: 128, keyLen: 128, headDim: 128, causal: true, skipMasked: false, dropout: 0 };
  const macs = 2 * 32 * 128 * 128 * 128;

  it('QKᵀ and PV: 2·heads·q·k·d MACs; backward products 2x forward', () => {
    expect(opMacs(op('attention', base))).toBe(macs);
    expect(opMatmulFlops(op('attention', base))).toEqual({ forward: 2 * macs, inputGrad: 4 * macs, weightGrad: 0 });
  });

  it('skipMasked halves the products only', () => {
    const half = op('attention', { ...base, skipMasked: true });
    expect(opMacs(half)).toBe(macs / 2);
    const full = opFlops(op('attention', base));
    const f = opFlops(half);
    expect(full.forward - f.forward).toBe(macs);
    expect(full.inputGrad - f.inputGrad).toBe(2 * macs);
  });

  it('GQA: the number of kv heads does not change the FLOPs', () => {
    expect(opFlops(op('attention', { ...base, kvHeads: 8 }))).toEqual(opFlops(op('attention', base)));
    expect(opFlops(op('attention', { ...base, kvHeads: 1 }))).toEqual(opFlops(op('attention', base)));
  });

  it('score elementwise work: scale 1 + softmax 5 forward, 1 + 4 backward, +1 each with dropout', () => {
    const scores = 32 * 128 * 128;
    const f = opFlops(op('attention', base));
    expect(f.forward - 2 * macs).toBe(6 * scores);
    expect(f.inputGrad - 4 * macs).toBe(5 * scores);
    const d = opFlops(op('attention', { ...base, dropout: 0.1 }));
    expect(d.forward - f.forward).toBe(scores);
  });
});

describe('conv2d', () => {
  it('MACs outH·outW·outC·(inC/groups)·kH·kW; grads of the same count; bias apart', () => {
    const a = { inChannels: 64, outChannels: 128, kernelH: 3, kernelW: 3, stride: 2, padding: 1, groups: 2, inH: 56, inW: 56, outH: 28, outW: 28, bias: true };
    const mac = 28 * 28 * 128 * 32 * 9;
    const bias = 28 * 28 * 128;
    expect(opMacs(op('conv2d', a))).toBe(mac);
    expect(opFlops(op('conv2d', a))).toEqual({ forward: 2 * mac + bias, inputGrad: 2 * mac, weightGrad: 2 * mac + bias });
    expect(opParams(op('conv2d', a))).toBe(128 * 32 * 9 + 128);
  });
});

describe('embedding and learned parameters', () => {
  it('embedding: gather costs nothing; weight grad is a scatter-add of dim per token', () => {
    const e = op('embedding', { tokens: 128, numEmbeddings: 32000, dim: 4096 });
    expect(opFlops(e)).toEqual({ forward: 0, inputGrad: 0, weightGrad: 128 * 4096 });
    expect(opMacs(e)).toBe(0);
    expect(opParams(e)).toBe(32000 * 4096);
  });

  it('parameter: add costs an add per element, concat a copy', () => {
    expect(opFlops(op('parameter', { size: 10, outElements: 6, combine: 'add' }))).toEqual({ forward: 6, inputGrad: 0, weightGrad: 6 });
    expect(opFlops(op('parameter', { size: 4, outElements: 20, combine: 'concat' }))).toEqual({ forward: 0, inputGrad: 0, weightGrad: 4 });
  });
});

describe('elementwise rules', () => {
  it('norms: per-element counts; parameters γ (and β for LayerNorm/BatchNorm)', () => {
    const n = { rows: 10, features: 8, affine: true, bias: true };
    expect(opFlops(op('layernorm', n))).toEqual({ forward: 7 * 80, inputGrad: 8 * 80, weightGrad: 3 * 80 });
    expect(opParams(op('layernorm', n))).toBe(16);
    const r = { ...n, bias: false };
    expect(opFlops(op('rmsnorm', r))).toEqual({ forward: 4 * 80, inputGrad: 6 * 80, weightGrad: 2 * 80 });
    expect(opParams(op('rmsnorm', r))).toBe(8);
    expect(opParams(op('batchnorm', n))).toBe(16);
    const plain = op('layernorm', { ...n, affine: false, bias: false });
    expect(opHasWeights(plain)).toBe(false);
    expect(opFlops(plain)).toEqual({ forward: 5 * 80, inputGrad: 7 * 80, weightGrad: 0 });
  });

  it('activations, mul, add, dropout, rope', () => {
    expect(opFlops(op('activation', { elements: 10, fn: 'silu' }))).toEqual({ forward: 50, inputGrad: 90, weightGrad: 0 });
    expect(opFlops(op('activation', { elements: 10, fn: 'relu' }))).toEqual({ forward: 10, inputGrad: 10, weightGrad: 0 });
    expect(opFlops(op('mul', { elements: 10 }))).toEqual({ forward: 10, inputGrad: 20, weightGrad: 0 });
    expect(opFlops(op('add', { elements: 10 }))).toEqual({ forward: 10, inputGrad: 10, weightGrad: 0 });
    expect(opFlops(op('dropout', { elements: 10, p: 0.1 }))).toEqual({ forward: 10, inputGrad: 10, weightGrad: 0 });
    expect(opFlops(op('rope', { elements: 10, headDim: 2 }))).toEqual({ forward: 30, inputGrad: 30, weightGrad: 0 });
  });

  it('pooling and cross-entropy', () => {
    const p = { channels: 64, kernel: 3, stride: 2, padding: 1, inH: 112, inW: 112, outH: 56, outW: 56 };
    const outs = 64 * 56 * 56;
    expect(opFlops(op('pool', { ...p, mode: 'max' }))).toEqual({ forward: 8 * outs, inputGrad: outs, weightGrad: 0 });
    expect(opFlops(op('pool', { ...p, mode: 'avg' }))).toEqual({ forward: 9 * outs, inputGrad: 10 * outs, weightGrad: 0 });
    expect(opFlops(op('global-avgpool', { channels: 2048, inH: 7, inW: 7 })).forward).toBe(2048 * 49);
    expect(opFlops(op('cross-entropy', { rows: 4, classes: 100 }))).toEqual({ forward: 1612, inputGrad: 1204, weightGrad: 0 });
  });
});

describe('invariants', () => {
  const dim = fc.integer({ min: 1, max: 512 });
  it('contraction FLOPs never exceed the total, phase by phase; FLOPs >= 0; 2·MACs = matmul forward', () => {
    const linear = fc.record({ rows: dim, inFeatures: dim, outFeatures: dim, bias: fc.boolean() }).map((a) => op('linear', a));
    const attention = fc
      .record({ heads: dim, queryLen: dim, keyLen: dim, headDim: dim, causal: fc.boolean(), skipMasked: fc.boolean(), dropout: fc.constantFrom(0, 0.1) })
      .map((a) => op('attention', { ...a, kvHeads: 1 }));
    const norm = fc.record({ rows: dim, features: dim, affine: fc.boolean(), bias: fc.boolean() }).map((a) => op('layernorm', a));
    fc.assert(
      fc.property(fc.oneof(linear, attention, norm), (o) => {
        const f = opFlops(o);
        const m = opMatmulFlops(o);
        for (const k of ['forward', 'inputGrad', 'weightGrad'] as const) {
          expect(m[k]).toBeGreaterThanOrEqual(0);
          expect(m[k]).toBeLessThanOrEqual(f[k]);
        }
        expect(m.forward).toBe(2 * opMacs(o));
        expect(f.weightGrad > 0).toBe(opParams(o) > 0);
      }),
    );
  });
});
