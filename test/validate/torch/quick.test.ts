// The PyTorch quick suite: every predicted case within 3% of PyTorch's measured peak and saved-for-backward
// bytes, contraction FLOPs per phase and parameter counts equal. Runs the real harness (harness/torch_harness.py)
// when an interpreter with torch exists, and says why it skipped otherwise.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TorchRun } from '../../../src/validate/torch/run.js';
import { pythonWithTorch, requireTorch } from './python.js';

const { python } = pythonWithTorch();
let run: TorchRun;

describe('validate --backend torch, quick suite', () => {
  beforeAll(async () => {
    if (!python) return; // each test below skips with the reason (or fails under SEGPLAN_REQUIRE_TOOLS=1)
    const { runTorchValidation } = await import('../../../src/validate/torch/run.js');
    run = await runTorchValidation({ backend: 'torch', suite: 'quick', python });
  }, 480_000);

  it('runs >= 12 predicted cases over >= 3 model families and every recipe the engine expresses', (ctx) => {
    requireTorch(ctx);
    expect(run.failed).toEqual([]);
    const predicted = run.results.filter((r) => r.predicted);
    expect(predicted.length).toBeGreaterThanOrEqual(12);
    const families = new Set(predicted.map((r) => r.case.model.spec.family));
    expect(families.size).toBeGreaterThanOrEqual(3);
    const has = (f: (r: (typeof predicted)[number]) => boolean) => predicted.some(f);
    expect(has((r) => r.case.checkpoint)).toBe(true);
    expect(has((r) => r.case.blocks.some((b) => b.role === 'frozen-path'))).toBe(true); // SegProp full
    expect(has((r) => r.case.blocks.some((b) => b.role === 'skip'))).toBe(true); // SegProp growing
    expect(has((r) => r.case.optimizer === 'sgd') && has((r) => r.case.optimizer === 'adamw') && has((r) => r.case.optimizer === 'adamw-loop')).toBe(true);
    expect(has((r) => r.case.precision === 'amp-bf16')).toBe(true); // torch.autocast with the CPU's op lists
    expect(has((r) => r.case.loss === 'chunked')).toBe(true); // torchtune's chunked cross-entropy
  });

  it('predicts each case: parameters and contraction FLOPs equal, peak and saved bytes within 3%', (ctx) => {
    requireTorch(ctx);
    for (const r of run.results.filter((x) => x.errors)) {
      const e = r.errors!;
      expect({ name: r.name, params: e.paramsEqual, flops: e.flopsExact }).toEqual({ name: r.name, params: true, flops: true });
      expect({ name: r.name, peak: Math.abs(e.peakBytes) <= 0.03, saved: Math.abs(e.savedBytes) <= 0.03 }).toEqual({
        name: r.name,
        peak: true,
        saved: true,
      });
    }
  });

  it('measures shapes where the step itself, not the model states, makes at least a third of the peak', (ctx) => {
    requireTorch(ctx);
    for (const r of run.results) {
      const m = r.measured;
      expect({ name: r.name, share: (m.peakBytes - m.liveAtStepStart) / m.peakBytes >= 1 / 3 }).toEqual({ name: r.name, share: true });
    }
  });

  // torch 1.13's foreach AdamW holds two v-sized lists, the loop two temporaries of the largest tensor
  // (src/precision/adamw-impl.ts, src/validate/torch/profile.ts): each measured on its own within 3%
  it("predicts the optimizer step's temporaries of foreach AdamW and the AdamW loop within 3%", (ctx) => {
    requireTorch(ctx);
    const adamw = run.results.filter((r) => r.errors && r.case.optimizer.startsWith('adamw'));
    expect(adamw.some((r) => r.case.optimizer === 'adamw-loop')).toBe(true);
    for (const r of adamw) {
      expect(r.measured.optimizerStepTransient).toBeGreaterThan(0);
      expect({ name: r.name, within: Math.abs(r.errors!.optimizerStepTransient!) <= 0.03 }).toEqual({ name: r.name, within: true });
    }
  });
});
