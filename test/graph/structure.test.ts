// Structural properties of the graphs that other parts (memory accounting, segmentation) rely on.

import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/graph/build.js';
import type { Graph, Tensor } from '../../src/graph/types.js';
import type { GenericSpec, ModelSpec } from '../../src/model/types.js';
import { bert, gpt2, llama2_70b, resnet, vit } from './specs.js';
import { at } from '../at.js';

function allTensors(g: Graph): Tensor[] {
  const out: Tensor[] = [g.input];
  for (const b of g.blocks) {
    out.push(b.input, b.output);
    for (const op of b.ops) out.push(...op.inputs, op.output);
  }
  return out;
}

const specs: ModelSpec[] = [
  llama2_70b,
  gpt2('gpt2', 768, 12, 12),
  bert('bert-base', 768, 12, 12, 'mlm'),
  vit('vit-b-16', 768, 12, 12),
  resnet('resnet-50', 'bottleneck', [3, 4, 6, 3]),
];

describe.each(specs.map((s) => [s.name, s] as const))('%s', (_name, spec) => {
  const g = buildGraph(spec, { seqLen: 64 });

  it('a tensor id names one tensor object', () => {
    const byId = new Map<number, Tensor>();
    for (const t of allTensors(g)) {
      const seen = byId.get(t.id);
      if (seen) expect(seen).toBe(t);
      else byId.set(t.id, t);
    }
  });

  it("blocks chain: each block reads the previous block's output", () => {
    expect(at(g.blocks, 0, 'block').input).toBe(g.input);
    for (let i = 1; i < g.blocks.length; i++) expect(g.blocks[i]!.input).toBe(g.blocks[i - 1]!.output);
    g.blocks.forEach((b, i) => expect(b.index).toBe(i));
  });

  it('every op input was produced earlier or is a model input (ids, labels, image)', () => {
    const produced = new Set<number>([g.input.id]);
    for (const b of g.blocks) {
      for (const op of b.ops) {
        for (const t of op.inputs) expect(produced.has(t.id) || t.role === 'index').toBe(true);
        produced.add(op.output.id);
      }
    }
  });

  it('the repeated body layers share one shape key (after the first of a ResNet stage)', () => {
    const layers = g.blocks.filter((b) => b.isLayer);
    expect(layers.length).toBeGreaterThan(1);
    if (spec.family !== 'resnet') {
      expect(new Set(layers.map((b) => b.shapeKey)).size).toBe(1);
    }
    for (const b of g.blocks.filter((x) => !x.isLayer)) {
      expect(layers.some((l) => l.shapeKey === b.shapeKey)).toBe(false);
    }
  });
});

describe('tensor sharing and layer keys', () => {
  it('q, k and v read the same norm output tensor', () => {
    const g = buildGraph(llama2_70b, { seqLen: 32 });
    const ops = g.blocks.find((b) => b.name === 'layers.3')!.ops;
    const attn = (n: string) => ops.find((o) => o.name === `layers.3.attn.${n}`)!;
    const [q, k, v] = [attn('q'), attn('k'), attn('v')];
    expect(q.inputs[0]).toBe(k.inputs[0]);
    expect(k.inputs[0]).toBe(v.inputs[0]);
    expect(at(q.inputs, 0, 'q input').id).toBe(ops.find((o) => o.name === 'layers.3.norm1')!.output.id);
    // GQA: k/v project to kvHeads·headDim = 8·128
    expect(k.output.perSample).toBe(32 * 8 * 128);
    expect(q.output.perSample).toBe(32 * 64 * 128);
  });

  it('ResNet-50: blocks within a stage after its first share a key; stage heads differ', () => {
    const g = buildGraph(resnet('resnet-50', 'bottleneck', [3, 4, 6, 3]), { seqLen: 1 });
    const key = (n: string) => g.blocks.find((b) => b.name === n)!.shapeKey;
    expect(key('layer1.1')).toBe(key('layer1.2'));
    expect(key('layer3.1')).toBe(key('layer3.5'));
    expect(key('layer1.0')).not.toBe(key('layer1.1'));
    expect(key('layer2.1')).not.toBe(key('layer3.1'));
    expect(g.blocks.filter((b) => b.isLayer)).toHaveLength(16);
    expect(g.blocks.find((b) => b.name === 'layer4.2')!.output.perSample).toBe(2048 * 7 * 7);
  });

  it('dropout with p = 0 adds no op; token ids are index tensors', () => {
    const g = buildGraph(llama2_70b, { seqLen: 8 });
    expect(g.blocks.flatMap((b) => b.ops).some((o) => o.kind === 'dropout')).toBe(false);
    expect(g.input.role).toBe('index');
    const gpt = buildGraph(gpt2('gpt2', 768, 12, 12), { seqLen: 8 });
    expect(at(gpt.blocks, 1, 'block').ops.filter((o) => o.kind === 'dropout')).toHaveLength(2);
  });

  it('learned positions reject sequences longer than the table', () => {
    expect(() => buildGraph(gpt2('gpt2', 768, 12, 12), { seqLen: 2048 })).toThrow(/1024 learned positions/);
  });
});

describe('generic spec', () => {
  const spec: GenericSpec = {
    family: 'generic',
    name: 'tiny-cnn',
    input: { channels: 3, height: 32, width: 32 },
    blocks: [
      { name: 'conv1', layers: [{ type: 'conv2d', outChannels: 16, kernel: 3, padding: 1 }, { type: 'batchnorm' }, { type: 'activation', fn: 'relu' }] },
      {
        name: 'res',
        residual: true,
        layers: [
          { type: 'conv2d', outChannels: 16, kernel: 3, padding: 1, bias: false },
          { type: 'activation', fn: 'relu' },
        ],
      },
      { name: 'head', layers: [{ type: 'maxpool', kernel: 2 }, { type: 'flatten' }, { type: 'dropout', p: 0.5 }, { type: 'linear', outFeatures: 10 }] },
    ],
    numClasses: 10,
  };

  it('builds the layers with shapes and parameters as PyTorch would', async () => {
    const { countParams } = await import('../../src/cost/params.js');
    const g = buildGraph(spec, { seqLen: 1 });
    const conv1 = 16 * 3 * 9 + 16;
    const bn = 2 * 16;
    const res = 16 * 16 * 9;
    const fc = 16 * 16 * 16 * 10 + 10;
    expect(countParams(g).total).toBe(conv1 + bn + res + fc);
    expect(g.blocks.map((b) => b.name)).toEqual(['conv1', 'res', 'head', 'loss']);
    expect(at(g.blocks, 1, 'block').ops.at(-1)!.kind).toBe('add');
  });

  it('rejects a linear layer on an image and a wrong class count', () => {
    const bad: GenericSpec = { ...spec, blocks: [{ name: 'b', layers: [{ type: 'linear', outFeatures: 10 }] }] };
    expect(() => buildGraph(bad, { seqLen: 1 })).toThrow(/flatten/);
    expect(() => buildGraph({ ...spec, numClasses: 5 }, { seqLen: 1 })).toThrow(/numClasses/);
  });
});
