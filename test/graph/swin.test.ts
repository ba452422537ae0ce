// Swin-T (Liu et al. 2021) as torchvision builds it: parameters and multiply-adds against torchvision's published
// figures and a hand derivation, the shifted windows, and the semantic checks of a spec.
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/cost/params.js';
import { stepFlops } from '../../src/cost/flops.js';
import { buildGraph } from '../../src/graph/build.js';
import type { Op } from '../../src/graph/types.js';
import { loadModel } from '../../src/model/load.js';
import type { SwinSpec } from '../../src/model/types.js';
import { validateSpec } from '../../src/model/validate.js';
import { RULES_BY_KIND } from '../../src/ops/kinds/index.js';

const spec = loadModel('swin-t').spec as SwinSpec;
const g = buildGraph(spec, { seqLen: 1 });

describe('swin-t at 224², batch 1', () => {
  // torchvision's Swin_T_Weights.IMAGENET1K_V1 meta: num_params 28,288,354, GFLOPS 4.49 (multiply-adds, as for its
  // ResNets; torchvision/models/swin_transformer.py)
  it("has torchvision's 28,288,354 parameters", () => {
    expect(countParams(g).total).toBe(28_288_354);
  });

  it("has the hand-derived 4,490,566,656 multiply-adds, torchvision's 4.49 G", () => {
    // stem 56²·96·3·16; a block of C channels on an H×H map: q, k, v, proj and the MLP 12·H²·C², the window products
    // QKᵀ and PV 2·H²·M²·C (every token against the M² = 49 of its window); merging 4C → 2C on (H/2)² rows; head
    const [C, depths, sides] = [
      [96, 192, 384, 768],
      [2, 2, 6, 2],
      [56, 28, 14, 7],
    ];
    let macs = 56 * 56 * 96 * 3 * 16 + 768 * 1000;
    for (let i = 0; i < 4; i++) {
      const rows = sides[i]! ** 2;
      macs += depths[i]! * (12 * rows * C[i]! ** 2 + 2 * rows * 49 * C[i]!);
      if (i > 0) macs += 8 * C[i - 1]! ** 2 * rows;
    }
    expect(macs).toBe(4_490_566_656);
    const f = stepFlops(g, { microBatch: 1 });
    expect(f.macs).toBe(macs);
    expect(Math.round(f.macs / 1e7) / 1e2).toBe(4.49);
  });

  it('every second block shifts its windows (a second term on the scores), except where one window covers the map', () => {
    const attention = (name: string) => g.blocks.find((b) => b.name === name)!.ops.find((o) => o.kind === 'attention') as Op<'attention'>;
    expect(attention('stages.0.0').attrs.scoreAdds).toBe(1);
    expect(attention('stages.0.1').attrs.scoreAdds).toBe(2);
    expect(attention('stages.2.5').attrs.scoreAdds).toBe(2);
    // stage 4's 7×7 map is one window: torchvision sets the shift to 0
    expect(attention('stages.3.1').attrs.scoreAdds).toBe(1);
  });

  it("window attention is heads × windows pairs of 49 tokens: the rule's products are 2·(3·64)·49·49·32 MACs in stage 1", () => {
    const a = (g.blocks.find((b) => b.name === 'stages.0.0')!.ops.find((o) => o.kind === 'attention') as Op<'attention'>).attrs;
    expect(a).toMatchObject({ heads: 3 * 64, queryLen: 49, keyLen: 49, headDim: 32, causal: false });
    expect(RULES_BY_KIND.attention.macs(a)).toBe(2 * 3 * 64 * 49 * 49 * 32);
    // forward: 2·MACs + per score (scale, bias add, softmax)
    expect(RULES_BY_KIND.attention.flops(a).forward).toBe(4 * 3 * 64 * 49 * 49 * 32 + 3 * 64 * 49 * 49 * (1 + 1 + 5));
  });
});

describe('swin spec checks', () => {
  const invalid = (over: Partial<SwinSpec>) => () => validateSpec({ ...spec, ...over }, 'm.json');
  it('one head count per stage, heads dividing each stage width, whole windows', () => {
    expect(invalid({ heads: [3, 6, 12] })).toThrow('m.json: at /heads: 3 head counts for 4 stages: give one per stage');
    expect(invalid({ heads: [5, 6, 12, 24] })).toThrow("m.json: at /heads/0: 5 heads must divide stage 1's 96 channels");
    expect(invalid({ windowSize: 8 })).toThrow("m.json: at /windowSize: stage 2's 28×28 feature map is not a whole number of 8×8 windows");
  });
});
