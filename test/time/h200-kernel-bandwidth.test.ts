// Memory-bound kernels measured on an H200 (harness/kernel_traffic.py --cuda on this project's lent machine,
// 2026-11-30, PyTorch 2.11: each op's bytes counted aten op by aten op, its kernels' device time from torch.profiler,
// at a 1.1B Llama's sizes). The time model streams each of these kernels at the share of the copy rate measured here
// (src/time/memory-kernels.ts), and every other memory-bound kernel at the copy rate (docs/time.md, "Memory-bound
// kernels on an H200").
import { describe, expect, it } from 'vitest';
import { h200Measurement } from './h200-measurements.js';
import { gpuById } from '../../src/hardware/catalog.js';
import { kernelFigures } from '../../src/time/efficiency.js';
import { defaultMemoryKernelShares, memoryKernelCode, memoryKernelShares, sharesWithCalibration, stepMeasuredShares } from '../../src/time/memory-kernels.js';
import { MEMORY_KERNELS } from '../../src/vocabulary.js';
import { batchnormMemory } from '../../src/ops/kinds/batchnorm/index.js';

interface Case {
  forward: number;
  backward: number;
  forwardBytesPerSec: number;
  backwardBytesPerSec: number;
}
const measured = JSON.parse(h200Measurement('kernel-traffic')) as {
  gpu: string;
  cases: Record<string, Case> & { 'copy-fp32': { forwardBytesPerSec: number } };
};
const copy = measured.cases['copy-fp32'].forwardBytesPerSec;

describe('memory-bound kernels on an H200', () => {
  it('the copy rate the catalog H200 plans with (a published STREAM copy) is within 6% of the copy measured here', () => {
    expect(measured.gpu).toBe('NVIDIA H200');
    const planned = kernelFigures(gpuById('h200'), true, 'fa2').rates.memoryBytesPerSec!;
    expect(Math.abs(planned / copy - 1)).toBeLessThan(0.06);
  });

  it('single elementwise kernels on fp32 stream at 90% of the copy rate or more, forward and backward', () => {
    for (const fn of ['gelu', 'silu', 'relu', 'tanh']) {
      const c = measured.cases[`${fn}-fp32`]!;
      expect(c.forwardBytesPerSec / copy, fn).toBeGreaterThan(0.9);
      expect(c.backwardBytesPerSec / copy, fn).toBeGreaterThan(0.9);
    }
  });

  it('the same bytes per element move on the GPU as the harness counts on the CPU (the kernels PyTorch dispatches)', () => {
    // bytes per element are a property of the dispatched aten ops, not of the device: src/ops rules (checked against
    // the CPU dispatch in kernel-traffic.test.ts) give 4 forward and 6 backward for a bf16 activation, 36/92 for eager RMSNorm
    expect([measured.cases['silu-bf16']!.forward, measured.cases['silu-bf16']!.backward]).toEqual([4, 6]);
    expect(measured.cases['rmsnorm-eager-bf16']!.forward).toBeCloseTo(36, 1);
    expect(measured.cases['rmsnorm-eager-bf16']!.backward).toBeCloseTo(92, 1);
  });
});

describe('the shares of the copy rate the time model streams measured kernels at', () => {
  it('are the measured ones: each case’s bytes per second over the copy’s, forward and backward, to three decimals', () => {
    const table = defaultMemoryKernelShares();
    const names = Object.keys(measured.cases).filter((n) => n !== 'copy-fp32');
    expect(Object.keys(table).sort()).toEqual(names.sort());
    for (const name of names) {
      const c = measured.cases[name]!;
      const [forward, backward] = table[name as keyof typeof table]!;
      // the product's timed backward also accumulated into its second factor's gradient: 9 elements moved per
      // element, not the 6 counted (src/time/memory-kernels.ts)
      const moved = name.startsWith('mul-') ? 9 / 6 : 1;
      expect(Math.abs(forward - c.forwardBytesPerSec / copy), name).toBeLessThan(5e-4);
      expect(Math.abs(backward - (moved * c.backwardBytesPerSec) / copy), name).toBeLessThan(5e-4);
    }
  });

  it('batch norm’s: its bytes over its kernels’ device time in the profiled ResNet-50 step, over the copy, to three decimals', () => {
    interface Op {
      name: string;
      inputShapes: number[][];
      calls: number;
      microseconds: number;
    }
    const profile = JSON.parse(h200Measurement('ops-by-shape')) as { results: { name: string; measured: { kernels: { ops: Op[] } } }[] };
    const ops = profile.results.find((r) => r.name.startsWith('resnet-50/'))!.measured.kernels.ops;
    // bytes per bf16 element as src/ops/kinds/batchnorm counts them (its PyTorch traffic for one element)
    const op = { attrs: { rows: 1, features: 1 } } as unknown as Parameters<NonNullable<typeof batchnormMemory.pytorch.traffic>>[0];
    const ctx = { activationDtype: 'bf16', needsInputGrad: true } as unknown as Parameters<NonNullable<typeof batchnormMemory.pytorch.traffic>>[1];
    const perElement = batchnormMemory.pytorch.traffic!(op, ctx, { hfEager: false, torchMajor: 2 });
    const share = (name: string, bytesPerElement: number) => {
      const mine = ops.filter((o) => o.name === name);
      const bytes = mine.reduce((sum, o) => sum + o.calls * bytesPerElement * o.inputShapes[0]!.reduce((a, b) => a * b, 1), 0);
      const seconds = mine.reduce((sum, o) => sum + o.microseconds, 0) * 1e-6;
      return bytes / seconds / copy;
    };
    const [forward, backward] = stepMeasuredShares()['batchnorm-bf16']!;
    expect(Math.abs(forward - share('aten::native_batch_norm', perElement.forward))).toBeLessThan(5e-4);
    expect(Math.abs(backward - share('aten::native_batch_norm_backward', perElement.backward))).toBeLessThan(5e-4);
    // the kernels it counts are the ones the profile ran: 3 forward and 1 backward per batch norm, 53 each
    const kernels = profile.results.find((r) => r.name.startsWith('resnet-50/'))!.measured.kernels as unknown as { kernels: { name: string; calls: number }[] };
    const launched = (pattern: RegExp) => kernels.kernels.filter((k) => pattern.test(k.name)).reduce((n, k) => n + k.calls, 0);
    expect(launched(/batch_norm_(collect_statistics|update_stats_and_invert|transform_input)_kernel|batch_norm_update_stats_and_invert/)).toBe(
      53 * perElement.forwardKernels,
    );
    expect(launched(/batch_norm_backward_kernel/)).toBe(53 * perElement.backwardKernels);
    // the 53 batch norms of ResNet-50, forward and backward
    expect(ops.filter((o) => o.name === 'aten::native_batch_norm').reduce((n, o) => n + o.calls, 0)).toBe(53);
  });

  it('a table of shares sets each kernel’s code, forward and backward, and leaves every other at the copy rate', () => {
    const own = memoryKernelShares({ 'layernorm-bf16': [0.5, 0.25] });
    expect(own[memoryKernelCode({ kernel: 'layernorm', width: 'bf16' }, false)]).toBe(0.5);
    expect(own[memoryKernelCode({ kernel: 'layernorm', width: 'bf16' }, true)]).toBe(0.25);
    expect(own[memoryKernelCode({ kernel: 'rope', width: 'bf16' }, true)]).toBe(1);
    expect(own[memoryKernelCode(undefined, true)]).toBe(1);
    // every kernel, width and direction has its own code
    const codes = MEMORY_KERNELS.flatMap((kernel) =>
      (['bf16', 'fp32'] as const).flatMap((width) => [false, true].map((back) => memoryKernelCode({ kernel, width }, back))),
    );
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('a calibration’s timed kernels replace the H200’s, which stay for the kernels it did not time', () => {
    const merged = sharesWithCalibration({ 'layernorm-bf16': [0.5, 0.25] });
    expect(merged[memoryKernelCode({ kernel: 'layernorm', width: 'bf16' }, true)]).toBe(0.25);
    expect(merged[memoryKernelCode({ kernel: 'rope', width: 'bf16' }, true)]).toBe(defaultMemoryKernelShares()['rope-bf16']![1]);
  });

  it('the MI300X runs ROCm’s kernels, measured nowhere here: the copy rate, and its basis says so', () => {
    const rocm = kernelFigures(gpuById('mi300x'), true, 'fa2');
    expect([...rocm.rates.memoryKernelShares!].every((x) => x === 1)).toBe(true);
    expect(rocm.basis).toMatch(/memory-bound kernels at the copy rate/);
    expect(kernelFigures(gpuById('a100-80gb'), true, 'fa2').basis).toMatch(/LayerNorm 30-64%/);
  });
});
