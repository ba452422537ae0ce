// torch.autocast recipes (amp-bf16, amp-fp16): the model states PyTorch keeps (fp32 weights, fp32 gradients,
// fp32 AdamW moments: 4 + 4 + 8 = 16 bytes per parameter, no master copy), the half-precision weight copies
// autocast makes on top during the step, and the dtype of every activation from the device's op lists.
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/cost/params.js';
import { catalogNames, catalogSpec } from '../../src/model/catalog.js';
import type { OpKind } from '../../src/graph/types.js';
import { summarizeBlock } from '../../src/memory/block-summary.js';
import { opParams } from '../../src/ops/registry.js';
import { type AutocastDevice, autocastOp, tensorDtypes } from '../../src/precision/autocast.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import { graphOf } from '../memory/helpers.js';
import { gpt2, llama2_7b } from '../graph/specs.js';
import { optimizerStep } from './timeline.js';

const llama = graphOf(llama2_7b);
const P = countParams(llama).total;

describe('amp model states (AdamW, one GPU)', () => {
  it('amp-bf16 keeps 16 bytes per parameter: fp32 weights (4), fp32 gradients (4), two fp32 moments (8)', () => {
    const step = optimizerStep(llama, 'amp-bf16');
    expect(P).toBe(6_738_415_616);
    expect(step.weights).toBe(4 * P);
    expect(step.gradients).toBe(4 * P);
    expect(step.optimizer).toBe(8 * P);
  });

  it('amp-fp16 is the same bytes plus GradScaler (an fp32 scale and an int32 growth tracker)', () => {
    const bf16 = optimizerStep(llama, 'amp-bf16');
    const fp16 = optimizerStep(llama, 'amp-fp16');
    expect(fp16.weights + fp16.gradients + fp16.optimizer).toBe(16 * P + 8);
    expect(fp16.optimizer - bf16.optimizer).toBe(8);
  });
});

describe('autocast weight copies', () => {
  const layer = llama.blocks.find((b) => b.isLayer)!;
  const linearParams = layer.ops.filter((o) => o.kind === 'linear').reduce((s, o) => s + opParams(o), 0);
  const summary = (policy: 'none' | 'full', role: 'train' | 'frozen-notape' = 'train') =>
    summarizeBlock({
      block: layer,
      role,
      upstreamTrains: role === 'train',
      policy,
      profile: pytorchProfile,
      dtype: 'bf16',
      attention: 'flash',
      autocast: { region: { half: 'bf16', device: 'cuda' }, dtypes: tensorDtypes(llama, { half: 'bf16', device: 'cuda' }) },
    });

  it('a training layer keeps the 2-byte copies of its linear weights until their backward (mm saves them)', () => {
    const s = summary('none');
    expect(linearParams).toBe(4 * 4096 * 4096 + 3 * 4096 * 11008);
    expect(s.held.c).toBe(2 * linearParams);
    expect(s.cachedUntilForwardEnds).toEqual({ c: 0, d: 0 });
  });

  it('checkpointed, the copies stay cached until the forward ends and are not kept for backward', () => {
    const s = summary('full');
    expect(s.held).toEqual({ c: 0, d: 0 });
    expect(s.cachedUntilForwardEnds).toEqual({ c: 2 * linearParams, d: 0 });
  });

  it('a frozen layer under no_grad caches nothing: its copies are made per use', () => {
    const s = summary('none', 'frozen-notape');
    expect(s.held).toEqual({ c: 0, d: 0 });
    expect(s.cachedUntilForwardEnds).toEqual({ c: 0, d: 0 });
  });
});

describe('activation dtypes under autocast', () => {
  const g = graphOf(gpt2('gpt2', 768, 12, 12));
  const byKind = (device: AutocastDevice) => {
    const d = tensorDtypes(g, { half: 'bf16', device });
    const out = new Map<OpKind, Set<string>>();
    for (const op of g.blocks.flatMap((b) => b.ops)) {
      if (op.output.role !== 'act') continue;
      if (!out.has(op.kind)) out.set(op.kind, new Set());
      out.get(op.kind)!.add(d.get(op.output.id)!);
    }
    return Object.fromEntries([...out].map(([k, v]) => [k, [...v].join()]));
  };

  it('GPT-2 on CUDA: products in bf16, the fp32 residual stream, fp32 norms', () => {
    expect(byKind('cuda')).toEqual({
      embedding: 'fp32',
      parameter: 'fp32',
      layernorm: 'fp32',
      linear: 'bf16',
      attention: 'bf16',
      add: 'fp32',
      activation: 'bf16',
      // after the embedding (fp32) and after the projections (bf16): dropout follows its input
      dropout: 'fp32,bf16',
    });
  });

  it('the lists differ: layer_norm and softmax are on CUDA fp32 list only', () => {
    expect(autocastOp('layernorm', ['bf16'], { half: 'bf16', device: 'cuda' })).toEqual({ compute: 'fp32', casts: ['fp32'], castsWeights: false });
    expect(autocastOp('layernorm', ['bf16'], { half: 'bf16', device: 'cpu' })).toEqual({ compute: 'bf16', casts: [undefined], castsWeights: false });
    expect(autocastOp('linear', ['fp32'], { half: 'fp16', device: 'cpu' })).toEqual({ compute: 'fp16', casts: ['fp16'], castsWeights: true });
  });
});

describe('autocast dtypes and the runs of identical layers', () => {
  // The fold shares one block summary along a run of layers of equal shape, so every layer of a run must
  // see the same input dtype under autocast (the residual stream keeps its dtype from layer to layer).
  it('every run of identical body layers of every catalog model has one input dtype, under both lists', () => {
    for (const name of catalogNames()) {
      const g = graphOf(catalogSpec(name)!, 128);
      for (const device of ['cuda', 'cpu'] as const) {
        const d = tensorDtypes(g, { half: 'bf16', device });
        const layers = g.blocks.filter((b) => b.isLayer);
        // a run: consecutive layers with one shape key (ConvNeXt's first layer, whose input is the stem's
        // LayerNorm output, is half on the CPU list and fp32 after it, but it is a run of its own: no
        // stochastic depth in torchvision's first block)
        layers.forEach((b, i) => {
          const prev = layers[i - 1];
          if (prev === undefined || prev.shapeKey !== b.shapeKey) return;
          expect({ name, device, layer: b.name, dtype: d.get(b.input.id) }).toEqual({ name, device, layer: b.name, dtype: d.get(prev.input.id) });
        });
      }
    }
  });
});
