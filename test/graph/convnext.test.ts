// ConvNeXt (Liu et al. 2022) as torchvision builds it: multiply-adds against torchvision's published figures,
// the block structure, torchvision's stochastic-depth schedule, and the two op kinds it brought (layer scale,
// stochastic depth) against their formulas.
import { describe, expect, it } from 'vitest';
import { stepFlops } from '../../src/cost/flops.js';
import { buildConvNext } from '../../src/graph/convnext.js';
import { stochasticDepthOf } from '../../src/graph/vision-parts.js';
import type { Op } from '../../src/graph/types.js';
import { loadModel } from '../../src/model/load.js';
import type { ConvNextSpec } from '../../src/model/types.js';
import { RULES_BY_KIND } from '../../src/ops/kinds/index.js';

const spec = (name: string) => loadModel(name).spec as ConvNextSpec;
const graph = (name: string) => buildConvNext(spec(name), { seqLen: 1 });

// torchvision publishes "GFLOPS" of 4.456 (T), 8.684 (S), 15.355 (B) at 224² (the `_ops` of the weights' meta
// and the docs' table), which count multiply-adds of the convolutions and linear layers, as its ResNet-50
// figure of 4.089 does (test/graph/flops.test.ts).
describe.each([
  ['convnext-tiny', 4.456],
  ['convnext-small', 8.684],
  ['convnext-base', 15.355],
])('%s at 224², batch 1', (name, published) => {
  const f = stepFlops(graph(name), { microBatch: 1 });

  it(`has conv + linear multiply-adds that round to torchvision's ${published} G (MACs, not FLOPs)`, () => {
    expect(Math.round(f.macs / 1e6) / 1e3).toBe(published);
    expect(f.matmul.forward).toBe(2 * f.macs);
  });
});

describe('convnext-tiny, derived by hand', () => {
  const g = graph('convnext-tiny');
  const widths = [96, 192, 384, 768];
  const sides = [56, 28, 14, 7];
  const depths = [3, 3, 9, 3];
  // per block: 7×7 depthwise (49·C per position) + C→4C→C linears (8·C² per position)
  const block = (c: number, side: number) => side * side * (49 * c + 8 * c * c);
  const downsample = (cin: number, cout: number, side: number) => side * side * cout * cin * 4;
  const stem = 56 * 56 * 96 * 3 * 16;
  const head = 768 * 1000;
  let derived = stem + head;
  for (let s = 0; s < 4; s++) {
    derived += depths[s]! * block(widths[s]!, sides[s]!);
    if (s > 0) derived += downsample(widths[s - 1]!, widths[s]!, sides[s]!);
  }

  it('multiply-adds are exactly the derivation (4,455,531,264)', () => {
    expect(derived).toBe(4_455_531_264);
    expect(stepFlops(g, { microBatch: 1 }).macs).toBe(derived);
  });

  it('has a stem, 18 blocks that SegProp segments, a head and a loss', () => {
    expect(g.blocks.map((b) => b.kind)).toEqual(['stem', ...Array<string>(18).fill('convnext-block'), 'head', 'loss']);
    expect(g.blocks.filter((b) => b.isLayer).length).toBe(18);
  });

  it("puts each stage's downsampling in the stage's first block", () => {
    const names = (i: number) => g.blocks[i]!.ops.map((o) => o.name);
    expect(names(4).slice(0, 2)).toEqual(['downsample.1.norm', 'downsample.1.conv']);
    expect(names(1).some((n) => n.startsWith('downsample'))).toBe(false);
  });

  it('the depthwise conv has one 7×7 filter per channel', () => {
    const dw = g.blocks[1]!.ops.find((o) => o.name.endsWith('.dwconv')) as Op<'conv2d'>;
    expect(dw.attrs.groups).toBe(96);
    expect(RULES_BY_KIND.conv2d.params(dw.attrs)).toBe(96 * 49 + 96);
  });
});

describe("torchvision's stochastic-depth schedule", () => {
  const tiny = spec('convnext-tiny');

  it('grows linearly from 0 at the first block to stochasticDepth at the last', () => {
    expect(stochasticDepthOf(tiny, 0, 18)).toBe(0);
    expect(stochasticDepthOf(tiny, 17, 18)).toBeCloseTo(0.1, 12);
    expect(stochasticDepthOf(tiny, 9, 18)).toBeCloseTo((0.1 * 9) / 17, 12);
  });

  it('the first block has no stochastic-depth op (torchvision returns the input at p = 0), the others one each', () => {
    const g = graph('convnext-tiny');
    const sd = g.blocks.map((b) => b.ops.filter((o) => o.kind === 'stochastic-depth').length);
    expect(sd.slice(1, 19)).toEqual([0, ...Array<number>(17).fill(1)]);
  });

  it('without stochastic depth no block has the op', () => {
    const g = buildConvNext({ ...tiny, stochasticDepth: 0 }, { seqLen: 1 });
    expect(g.blocks.flatMap((b) => b.ops).some((o) => o.kind === 'stochastic-depth')).toBe(false);
  });
});

describe('the op kinds ConvNeXt brought', () => {
  it('layer scale: one γ per feature; fw 1, inputGrad 1, weightGrad 2 FLOPs per element', () => {
    const a = { rows: 56 * 56, features: 96 };
    const n = a.rows * a.features;
    expect(RULES_BY_KIND['layer-scale'].params(a)).toBe(96);
    expect(RULES_BY_KIND['layer-scale'].flops(a)).toEqual({ forward: n, inputGrad: n, weightGrad: 2 * n });
    expect(RULES_BY_KIND['layer-scale'].macs(a)).toBe(0);
  });

  it('stochastic depth: no parameters; fw 1, inputGrad 1 FLOP per element', () => {
    const a = { elements: 1000, p: 0.1 };
    expect(RULES_BY_KIND['stochastic-depth'].params(a)).toBe(0);
    expect(RULES_BY_KIND['stochastic-depth'].flops(a)).toEqual({ forward: 1000, inputGrad: 1000, weightGrad: 0 });
  });
});
