// Fused attention's published speed by shape (src/time/attention-efficiency.ts), checked against what the same
// papers say in words, independently of the per-bar figures: FlashAttention-2 reaches up to 73% of A100 peak
// forward and 63% backward (Dao 2023, section 4.1), about 35% of H100 peak (Shah et al. 2024, FlashAttention-3,
// abstract), and runs about 2x faster than FlashAttention (Dao 2023, abstract).

import { describe, expect, it } from 'vitest';
import { h200Calibration, type H200Run } from './h200-measurements.js';
import { attentionCurve, attentionFlopsPerSec } from '../../src/time/attention-efficiency.js';
import { gpuById } from '../../src/hardware/catalog.js';
import { kernelFigures } from '../../src/time/efficiency.js';
import { KERNEL, kernelRate } from '../../src/time/kernel-rates.js';

const a100 = attentionCurve('a100-80gb', 'fa2')!;
const h100 = attentionCurve('h100-sxm', 'fa2')!;
const T = 1e12;

describe('published attention speed by shape', () => {
  it('gives the printed value at a published bar, in FLOP/s', () => {
    expect(attentionFlopsPerSec(a100, 2048, 128, true)).toBe(155 * T);
    expect(attentionFlopsPerSec(a100, 8192, 64, false)).toBe(175 * T);
    expect(attentionFlopsPerSec(attentionCurve('a100-40gb', 'triton')!, 4096, 128, true)).toBe(74 * T);
    expect(attentionFlopsPerSec(attentionCurve('h100-sxm', 'fa1')!, 1024, 64, true)).toBe(123 * T);
  });

  it('reads between bars linearly in log2(sequence) and in head dimension', () => {
    // 2048 → 4096 is one step in log2: 3072 lies log2(1.5) = 0.585 of the way
    expect(attentionFlopsPerSec(a100, 3072, 128, true) / T).toBeCloseTo(155 + (173 - 155) * Math.log2(1.5), 9);
    expect(attentionFlopsPerSec(a100, 2048, 96, true) / T).toBeCloseTo((140 + 155) / 2, 9);
  });

  it('takes the nearest bar outside the published range, and skips the label the legend hides', () => {
    expect(attentionFlopsPerSec(a100, 256, 128, true)).toBe(99 * T);
    expect(attentionFlopsPerSec(a100, 65536, 128, true)).toBe(189 * T);
    expect(attentionFlopsPerSec(a100, 2048, 256, true)).toBe(155 * T);
    expect(attentionFlopsPerSec(a100, 2048, 32, true)).toBe(140 * T);
    // no mask, head dimension 128, 512 tokens: hidden; the panel starts at 1k
    expect(attentionFlopsPerSec(a100, 512, 128, false)).toBe(173 * T);
  });

  it("agrees with the papers' words: A100 best forward + backward as 73% forward and 63% backward combine", () => {
    // forward F at 0.73 of peak and backward 2.5·F at 0.63: (1 + 2.5) / (1/0.73 + 2.5/0.63) of peak
    const combined = 3.5 / (1 / 0.73 + 2.5 / 0.63);
    expect(attentionFlopsPerSec(a100, 16384, 128, false) / 312e12).toBeCloseTo(combined, 1);
    expect(Math.abs(attentionFlopsPerSec(a100, 16384, 128, false) / 312e12 / combined - 1)).toBeLessThan(0.01);
    // H100: about 35% of the 989 TFLOP/s dense peak at best
    expect(attentionFlopsPerSec(h100, 16384, 128, false) / 989.4e12).toBeCloseTo(0.35, 1);
    // about 2x FlashAttention (1) with the causal mask at head dimension 128, from 1k tokens on
    const fa1 = attentionCurve('a100-80gb', 'fa1')!;
    for (const s of [1024, 2048, 4096, 8192, 16384]) {
      const ratio = attentionFlopsPerSec(a100, s, 128, true) / attentionFlopsPerSec(fa1, s, 128, true);
      expect(ratio).toBeGreaterThan(1.7);
      expect(ratio).toBeLessThan(2.4);
    }
  });

  it('a plan charges a flash attention term at its shape: key length, head dimension, mask', () => {
    const rates = { peakFlopsPerSec: 312e12, efficiency: 0.87, ...kernelFigures(gpuById('a100-80gb'), true, 'triton').rates };
    expect(kernelRate(rates, KERNEL.attentionForward, 2048, 128, 1, 8)).toBe(68 * T);
    expect(kernelRate(rates, KERNEL.attentionBackward, 2048, 64, 0, 8)).toBe(98 * T);
    // a calibration's measured rate wins over the published curve
    const measured = { ...rates, attention: { forward: 0.5, backward: 0.4 } };
    expect(kernelRate(measured, KERNEL.attentionBackward, 2048, 64, 0, 8)).toBeCloseTo(0.4 * 312e12, 3);
  });
});

describe("the H200's measured attention: FlashAttention-2 and cuDNN's (this project's calibrations)", () => {
  const points = (run: H200Run) => h200Calibration(run).attentionPoints!;
  // each run measured (512, 64, causal) first, after one warm-up call: an artifact the table leaves out
  const artifact = (p: { seqLen: number; headDim: number; causal: boolean }) => p.seqLen === 512 && p.headDim === 64 && p.causal;

  for (const [kernel, run] of [
    ['fa2', 'run2'],
    ['cudnn', 'run3-sdpa-default'],
  ] as const) {
    it(`${kernel}: every point of ${run} but the artifact, to 0.1 TFLOP/s`, () => {
      const curve = attentionCurve('h200', kernel)!;
      expect(curve.basis).toMatch(/measured forward \+ backward speed by shape on H200 SXM/);
      for (const p of points(run).filter((x) => !artifact(x))) {
        expect(attentionFlopsPerSec(curve, p.seqLen, p.headDim, p.causal) / 1e12).toBeCloseTo(p.flopsPerSec / 1e12, 1);
      }
    });
  }

  it("the H100 SXM plans cuDNN's with the H200's figures; no other GPU has them", () => {
    expect(attentionCurve('h100-sxm', 'cudnn')).toEqual(attentionCurve('h200', 'cudnn'));
    expect(attentionCurve('a100-80gb', 'cudnn')).toBeUndefined();
    // and keeps FlashAttention-2's published release figures
    expect(attentionCurve('h100-sxm', 'fa2')!.basis).toMatch(/published/);
  });
});
