// The bytes segplan says an op's kernels move (src/ops/memory.ts `traffic`, for the kinds that declare it)
// against PyTorch's own dispatch of the same code: harness/kernel_traffic.py counts, aten op by aten op, what
// Hugging Face's LlamaRMSNorm, its rotary embedding, the loss's fp32 up-cast, LayerNorm, the activations and a product
// read and write, forward and backward.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { AnyOp, OpKind } from '../../src/graph/types.js';
import type { ActivationDtype, OpContext } from '../../src/ops/memory.js';
import { huggingFaceEagerProfile, pytorchProfile } from '../../src/runtime/pytorch.js';
import { ROOT } from '../root.js';
import { gpt2, llama } from '../graph/specs.js';
import { requireTorch } from '../validate/torch/python.js';

interface Measured {
  torch: string;
  shapes: { rows: number; hidden: number; batch: number; heads: number; seq: number; headDim: number; vocab: number };
  cases: Record<string, { forward: number; backward: number; kernels: { forward: unknown[]; backward: unknown[] } }>;
}

let measured: Measured | undefined;

function measure(python: string): Measured {
  if (measured) return measured;
  const r = spawnSync(python, [join(ROOT, 'harness', 'kernel_traffic.py')], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return (measured = JSON.parse(r.stdout) as Measured);
}

// a decoder whose ops have the harness's shapes: 256 rows of hidden 512 per sample, 16 heads of 64
const graph = buildGraph({ ...llama('traffic', 512, 1, 8, 8, 1024, 1024), maxPositions: 256 }, { seqLen: 256 });
function firstOp(kind: OpKind): AnyOp {
  const op = graph.blocks.flatMap((b) => b.ops).find((o) => o.kind === kind);
  if (!op) throw new Error(`no ${kind} op`);
  return op;
}
// GPT-2's LayerNorm, at the same shape
const layernormOp = buildGraph(gpt2('traffic-ln', 512, 1, 8), { seqLen: 256 })
  .blocks.flatMap((b) => b.ops)
  .find((o) => o.kind === 'layernorm')!;
const ctx = (dtype: ActivationDtype): OpContext => ({
  weightTrains: true,
  needsInputGrad: true,
  taped: true,
  activationDtype: dtype,
  attention: 'flash',
  recompute: false,
});

/** segplan's bytes per element of the op (per sample: the graph's elements per sample) */
function perElement(op: AnyOp, eager: boolean, dtype: ActivationDtype, elements: number) {
  const profile = eager ? huggingFaceEagerProfile(2) : pytorchProfile;
  const t = profile.traffic!(op, ctx(dtype));
  expect(t).toBeDefined();
  return { forward: t!.forward / elements, backward: t!.backward / elements, forwardKernels: t!.forwardKernels, backwardKernels: t!.backwardKernels };
}

/** bytes within 1% (what a rule leaves out: per-row values, the rotary tables), kernels exactly */
function expectMatches(ours: ReturnType<typeof perElement>, m: Measured['cases'][string]) {
  expect(Math.abs(ours.forward - m.forward) / m.forward).toBeLessThan(0.01);
  expect(Math.abs(ours.backward - m.backward) / m.backward).toBeLessThan(0.01);
  expect([ours.forwardKernels, ours.backwardKernels]).toEqual([m.kernels.forward.length, m.kernels.backward.length]);
}

describe('kernel traffic against PyTorch dispatch', () => {
  for (const dtype of ['bf16', 'fp32'] as const) {
    it(`eager RMSNorm, ${dtype}: bytes per element forward and backward`, (c) => {
      const m = measure(requireTorch(c)).cases[`rmsnorm-eager-${dtype}`]!;
      const op = firstOp('rmsnorm');
      const ours = perElement(op, true, dtype, (op.attrs as { rows: number; features: number }).rows * 512);
      // per-row values (the mean, rstd) are the only bytes the rule leaves out: 1 in 512 elements
      expectMatches(ours, m);
    });
    it(`rotary embedding, ${dtype}`, (c) => {
      const m = measure(requireTorch(c)).cases[`rope-${dtype}`]!;
      const op = firstOp('rope');
      const ours = perElement(op, false, dtype, (op.attrs as { elements: number }).elements);
      // the cos and sin tables (one row per position, read once per batch and head) are left out: 1 in 64
      expectMatches(ours, m);
    });
    for (const [name, kind] of [
      ['layernorm', 'layernorm'],
      ['silu', 'activation'],
      ['mul', 'mul'],
    ] as const) {
      it(`${name}, one kernel each way (two products backward), ${dtype}`, (c) => {
        const m = measure(requireTorch(c)).cases[`${name}-${dtype}`]!;
        const op = kind === 'layernorm' ? layernormOp : firstOp(kind);
        const a = op.attrs as { elements?: number; rows?: number; features?: number };
        const ours = perElement(op, false, dtype, a.elements ?? a.rows! * a.features!);
        expectMatches(ours, m);
      });
    }
    it(`GELU, ReLU and tanh move what SiLU does (their backward reads y instead of x), ${dtype}`, (c) => {
      const m = measure(requireTorch(c)).cases;
      for (const fn of ['gelu', 'relu', 'tanh']) {
        expect(m[`${fn}-${dtype}`], fn).toMatchObject({ forward: m[`silu-${dtype}`]!.forward, backward: m[`silu-${dtype}`]!.backward });
      }
    });
    it(`cross-entropy with the fp32 up-cast, ${dtype}`, (c) => {
      const m = measure(requireTorch(c)).cases[`cross-entropy-${dtype}`]!;
      const op = firstOp('cross-entropy');
      const a = op.attrs as { rows: number; classes: number };
      const ours = perElement(op, false, dtype, a.rows * a.classes);
      expectMatches(ours, m);
    });
  }
});
