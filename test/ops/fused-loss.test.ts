// `--loss fused`: one softmax cross-entropy kernel on the logits as they are (flash-attn's
// flash_attn/losses/cross_entropy.py: SoftmaxCrossEntropyLossFn saves the logits, one fp32 log-sum-exp per row and
// the labels; its backward writes the logits' gradient). No fp32 copy of the logits exists, and torch.autocast,
// which lists cross_entropy among its fp32 ops, does not touch a custom autograd function.
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { AnyOp, Graph } from '../../src/graph/types.js';
import type { OpContext } from '../../src/ops/memory.js';
import { tensorDtypes } from '../../src/precision/autocast.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { llama } from '../graph/specs.js';

const spec = llama('fused-loss', 256, 1, 4, 4, 512, 1000);
const loss = (g: Graph): AnyOp => g.blocks.at(-1)!.ops.find((o) => o.kind === 'cross-entropy')!;
const ctx: OpContext = { weightTrains: false, needsInputGrad: true, taped: true, activationDtype: 'bf16', attention: 'flash', recompute: false };

describe('fused cross-entropy', () => {
  const plain = buildGraph(spec, { seqLen: 128 });
  const fused = buildGraph(spec, { seqLen: 128, loss: 'fused' });

  it('keeps the logits, a log-sum-exp per row and the labels, and no fp32 copy', () => {
    const op = loss(fused);
    const kept = pytorchProfile.saved(op, ctx);
    expect(kept.map((t) => [t.perSample, t.role])).toEqual([
      [128 * 1000, 'act'],
      [128, 'f32'],
      [128, 'index'],
    ]);
    expect(kept[0]!.key).toBe(op.inputs[0]!.id);
    expect(pytorchProfile.forwardWorkspace(op, ctx)).toEqual([]);
    expect(pytorchProfile.backwardWorkspace(op, ctx)).toEqual([]);
    // the up-cast loss keeps fp32 log-probabilities of every logit
    expect(pytorchProfile.saved(loss(plain), ctx)[0]).toMatchObject({ perSample: 128 * 1000, role: 'f32' });
  });

  it('moves the logits once forward and twice backward, against the up-cast path 14 and 22 bytes per bf16 logit', () => {
    const n = 128 * 1000;
    // one kernel each way, against the cast, log_softmax and nll_loss each way; only the up-cast path's kernels were
    // timed on a GPU (src/time/memory-kernels.ts), the fused kernel streams at the copy rate
    expect(pytorchProfile.traffic!(loss(fused), ctx)).toEqual({ forward: 2 * n, backward: 4 * n, forwardKernels: 1, backwardKernels: 1 });
    expect(pytorchProfile.traffic!(loss(plain), ctx)).toEqual({
      forward: 14 * n,
      backward: 22 * n,
      forwardKernels: 3,
      backwardKernels: 3,
      measured: { kernel: 'cross-entropy', width: 'bf16' },
    });
  });

  it('runs in the logits dtype under autocast, where cross_entropy would up-cast', () => {
    const ac = { half: 'bf16', device: 'cuda' } as const;
    expect(tensorDtypes(fused, ac).get(loss(fused).output.id)).toBe('bf16');
    expect(tensorDtypes(plain, ac).get(loss(plain).output.id)).toBe('fp32');
  });
});
