// The fp8 recipe against a published measurement: NVIDIA Transformer Engine's documentation runs one
// te.Linear(1024, 1024) in bf16 on a 1024 × 1024 bf16 input on Hopper/Ada and prints torch.cuda.memory_allocated()
// after the forward, without and with FP8 (test/fixtures/published-memory/te-linear-hopper.json, with its source).
// segplan's per-op accounting of the same layer must print the same two figures.
//
// Tolerance: the figures are printed in MiB with two decimals, so each is the true value within ±0.005 MiB
// (±5,243 bytes); nothing else is uncertain in this setting (no allocator margin: memory_allocated counts
// live tensors; the cuBLAS workspace was allocated by the warm-up run, before the measurement's baseline). The
// check can fail: saving the bf16 input as well (+2 MiB), keeping both fp8 weight copies (+1 MiB), saving no
// fp8 weight (−1 MiB) or leaving the scaling state out (−22,528 B, −0.021 MiB) each moves the figure off.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../src/graph/builder.js';
import { linear } from '../../src/graph/parts.js';
import type { Block } from '../../src/graph/types.js';
import { summarizeBlock } from '../../src/memory/block-summary.js';
import { blockBytes } from '../../src/runtime/allocator.js';
import { scalingStateBytes } from '../../src/precision/fp8.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { recipeProfile } from '../../src/runtime/profiles.js';

interface Run {
  name: string;
  fp8: boolean;
  printedMiB: number;
}
const TE = JSON.parse(readFileSync(new URL('../fixtures/published-memory/te-linear-hopper.json', import.meta.url), 'utf8')) as { runs: Run[] };

const MiB = 2 ** 20;
const PRINT_ROUNDING_MIB = 0.005;
const N = 1024;

/** One block holding te.Linear(1024, 1024) with its bias, over 1024 rows per sample. */
function oneLinear(): Block {
  const b = new GraphBuilder();
  const x = b.tensor(N * N, 'act', 'inp');
  b.begin('layer', 'generic', x, true);
  const y = linear(b, 'layer', x, N, N, N, true);
  b.end(y);
  return b.finish('te-linear', x, N, { seqLen: N }).blocks[0]!;
}

/**
 * Bytes allocated after the forward, as the script measures them: the bf16 weight and bias (each its own
 * allocation), what the layer keeps for backward, its output, and under fp8 the layer's scaling state. The input
 * counts only if the layer keeps it (the script deletes its own reference). The weight trains; the input
 * (torch.randn) needs no gradient.
 */
function afterForward(fp8: boolean): number {
  const block = oneLinear();
  const precision = precisionPolicy(fp8 ? 'fp8' : 'bf16-mixed');
  const profile = recipeProfile('pytorch', precision);
  const s = summarizeBlock({ block, role: 'train', upstreamTrains: false, policy: 'none', profile, dtype: 'bf16', attention: 'flash' });
  const act = N * N * 2;
  const params = blockBytes(N * N * 2) + blockBytes(N * 2);
  const kept = s.held.c + s.held.d + (s.savesInput ? act : 0);
  const output = s.savesOutput ? 0 : act;
  return params + kept + output + (fp8 ? scalingStateBytes() : 0);
}

describe("Transformer Engine's published memory of one te.Linear after its forward (Hopper/Ada)", () => {
  for (const run of TE.runs) {
    it(`${run.name}: ${run.printedMiB.toFixed(2)} MiB printed`, () => {
      const predicted = afterForward(run.fp8) / MiB;
      expect(Math.abs(predicted - run.printedMiB)).toBeLessThanOrEqual(PRINT_ROUNDING_MIB);
    });
  }

  it('the difference fp8 − bf16 is the scaling state: the 1-byte input and weight copies replace the 2-byte input', () => {
    expect(afterForward(true) - afterForward(false)).toBe(scalingStateBytes());
  });
});
