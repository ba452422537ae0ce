// How a second gradient contribution is added, by torch version (src/validate/torch/profile.ts): torch 1.13 adds
// it out of place (measured: aten::add, never add_, even for a tensor read by two elementwise ops), so both
// contributions and their sum are alive at once; the planning profile (torch 2.x) adds it into a buffer only
// one handle holds. Checked here on one block where a tensor h feeds two frozen linears, as a LoRA-adapted
// projection's input feeds the frozen base and lora_A: at the accumulation torch 1.13 holds one more h.
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../src/graph/builder.js';
import { add, linear } from '../../../src/graph/parts.js';
import { summarizeBlock } from '../../../src/memory/block-summary.js';
import { pytorchProfile } from '../../../src/runtime/pytorch.js';
import { torchRuntimeProfile } from '../../../src/validate/torch/profile.js';
import type { RuntimeProfile } from '../../../src/runtime/profile.js';

const ROWS = 10;
const H = 64;
// the readers' outputs are narrow, so that the accumulation (not a reader's backward) is the block's peak
const OUT = 4;

function twoReaders() {
  const b = new GraphBuilder();
  const x = b.tensor(ROWS * H, 'act', 'x');
  b.begin('layer', 'generic', x, true);
  const h = linear(b, 'h', x, ROWS, H, H, false);
  const y = add(b, 'sum', linear(b, 'a', h, ROWS, H, OUT, false), linear(b, 'b', h, ROWS, H, OUT, false));
  b.end(y);
  return b.finish('two-readers', x, ROWS, { seqLen: ROWS }).blocks[0]!;
}

/** the block's backward peak above its entry at micro-batch 1 (the block's input needs no gradient; its weights train) */
function backwardPeakPerSample(profile: RuntimeProfile): number {
  const block = twoReaders();
  const s = summarizeBlock({ block, role: 'train', upstreamTrains: false, policy: 'none', profile, dtype: 'fp32', attention: 'flash' });
  // at micro-batch 1: the largest of the candidate peaks (c + d·1)
  return Math.max(...s.backwardPeak.map((l) => l.c + l.d));
}

describe("a tensor's second gradient contribution", () => {
  it("torch 1.13 (the CPU harness) adds it out of place: three h at once, where torch 2.x's peak is a's backward (its narrow output gradient and two h)", () => {
    const torch1 = backwardPeakPerSample(torchRuntimeProfile('1.13.1', undefined, 'cpu'));
    const torch2 = backwardPeakPerSample(torchRuntimeProfile('2.4.0', undefined, 'cpu'));
    expect(torch2).toBe(backwardPeakPerSample(pytorchProfile));
    // torch 2.x: a's backward holds its output gradient (ROWS·OUT), b's contribution and its own (2·ROWS·H), then
    // adds one into the other; torch 1.13 then holds both contributions and their sum (3·ROWS·H), fp32
    expect(torch1 - torch2).toBe((3 * ROWS * H - (ROWS * OUT + 2 * ROWS * H)) * 4);
  });
});
