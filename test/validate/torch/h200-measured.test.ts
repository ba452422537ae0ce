// Training steps measured on an H200 (harness/gpu_evidence.sh on this project's lent machine, 2026-11-30: PyTorch
// 2.11, CUDA 13.0; the harness's output kept as it came back) against what segplan plans for them. The fixtures
// are measurements, not expectations: each check below could fail if the engine's memory or time model moved.
import { describe, expect, it } from 'vitest';
import { importMeasured } from '../../../src/validate/torch/run.js';
import { h200Calibration, h200Measurement } from '../../time/h200-measurements.js';
import { matmulEfficiency } from '../../../src/time/efficiency.js';
import { kernelCategory, type ProfiledKernel } from '../../../src/validate/torch/kernel-categories.js';
import { gpuByDeviceName } from '../../../src/hardware/lookup.js';
import { runtimeAllocatedBytes } from '../../../src/validate/torch/compare.js';
import { gemmShapeShare } from '../../../src/time/gemm-efficiency.js';
import { plannedStepTime } from '../../../src/validate/torch/step-time.js';
import { caseGraph } from '../../../src/validate/torch/suite.js';
import { gradientReaders } from '../../../src/time/block-cost.js';
import { blockOpNeeds } from '../../../src/strategy/op-needs.js';
import { torchRuntimeProfile } from '../../../src/validate/torch/profile.js';
import { MEMORY_KERNEL_CASES } from '../../../src/time/memory-kernels.js';
import type { AnyOp } from '../../../src/graph/types.js';
import { gpuById } from '../../../src/hardware/catalog.js';

// the rate the catalog plans with came from the first run; the suites below were measured in the second, with its own calibration
const calibration = h200Calibration('run1');
const sameRun = h200Calibration('run2');
// the attention kernel the gpu suite's steps ran (SDPA's own choice, cuDNN's on this GPU), measured by shape
const sdpaDefault = h200Calibration('run3-sdpa-default');
const gpuSuite = importMeasured(h200Measurement('gpu-suite'), 'gpu suite', sdpaDefault);
const fullSuite = importMeasured(h200Measurement('full-suite'), 'full suite');
// every aten op of three profiled steps by input shape (PyTorch's own record, not the harness's categories)
const opsByShape = JSON.parse(h200Measurement('ops-by-shape')) as {
  results: { name: string; measured: { kernels: { ops: { name: string; inputShapes: unknown; calls: number }[] } } }[];
};

/** a gpu-suite case's result by name */
const caseNamed = (name: string) => gpuSuite.results.find((x) => x.name === name)!;

/** The side kernels (src/ops/memory.ts) the engine plans for the ops of kind `kind` of a case's step, forward and backward. */
function plannedSideKernels(name: string, kind: AnyOp['kind']): { forward: number; backward: number } {
  const c = caseNamed(name).case;
  const profile = torchRuntimeProfile(gpuSuite.environment.torch, c.model.spec, 'cuda');
  const planned = { forward: 0, backward: 0 };
  for (const block of caseGraph(c, true).blocks) {
    for (const n of blockOpNeeds(block, 'train', block.index > 0, 'none')) {
      const side = n.op.kind === kind ? profile.sideKernels!(n.op, n.ctx('flash')) : undefined;
      planned.forward += side?.forwardKernels ?? 0;
      planned.backward += side?.backwardKernels ?? 0;
    }
  }
  return planned;
}

/** Calls of aten op `op` in a case's profiled step whose input shapes (as JSON) match `shapes`. */
function profiledCalls(name: string, op: string, shapes: RegExp): number {
  const ops = opsByShape.results.find((x) => x.name === name)!.measured.kernels.ops;
  return ops.filter((o) => o.name === op && shapes.test(JSON.stringify(o.inputShapes))).reduce((sum, o) => sum + o.calls, 0);
}

describe('the gpu suite measured on an H200', () => {
  it('ran every case on the catalog H200, timed over 5 steps with its kernels profiled', () => {
    expect(gpuSuite.failed).toEqual([]);
    expect(gpuByDeviceName(gpuSuite.environment.gpu!)?.id).toBe('h200');
    expect(gpuSuite.results).toHaveLength(10);
    for (const r of gpuSuite.results) {
      expect(r.measured.stepSecondsEach).toHaveLength(5);
      expect(r.stepTime?.kernels).not.toBeNull();
    }
  });

  it('plans every peak of tensors and every saved-for-backward within 1% (the cuBLAS workspaces measured apart)', () => {
    for (const r of gpuSuite.results) {
      expect(Math.abs(r.errors!.peakBytes), r.name).toBeLessThan(0.01);
      expect(Math.abs(r.errors!.savedBytes), r.name).toBeLessThan(0.01);
    }
  });

  it('plans what padding GPT-2’s vocabulary saves: the step shrinks by the measured share within 5 points', () => {
    // 81.3 ms with the vocabulary of 50257, 63.8 ms padded to 50304: the LM head's GEMMs leave cuBLAS's unaligned kernels
    const step = (name: string) => gpuSuite.results.find((r) => r.name === name)!.stepTime!;
    const odd = step('gpt2-medium/e2e-amp-bf16-fused-adamw');
    const padded = step('gpt2-medium-v50304/e2e-amp-bf16-fused-adamw');
    const measured = 1 - padded.measured / odd.measured;
    const planned = 1 - padded.planned.seconds / odd.planned.seconds;
    expect(measured).toBeGreaterThan(0.15);
    // planned with the published figures: 23.7% against the measured 21.5%
    expect(Math.abs(planned - measured)).toBeLessThan(0.05);
  });

  it('sees the GPU busy for most of each step: kernel time is within 15% of the profiled wall time', () => {
    // a step far from its kernels' sum would be host-bound, which the time model does not plan (measured: 4-12% apart)
    for (const r of gpuSuite.results.filter((x) => x.name.startsWith('llama-1.1b/'))) {
      const k = r.stepTime!.kernels!;
      const busy = k.gemm + k.attention + k.convolution + k.other + k.optimizer;
      expect(Math.abs(busy / k.wallSeconds - 1), r.name).toBeLessThan(0.15);
    }
  });
});

describe('the step time by kernel class against the profiled kernels of each H200 step', () => {
  const transformers = gpuSuite.results.filter((r) => !r.name.startsWith('resnet'));
  const ratio = (r: (typeof transformers)[number], c: 'gemm' | 'attention' | 'other', copyRate = false) => {
    const t = r.stepTime!;
    // planned with the default figures; `copyRate`: every memory-bound kernel at the copy rate, as before the shares
    // (every transformer step here ran cuDNN's attention: the kernel-categories test below)
    const planned = copyRate ? plannedStepTime(r.case, gpuSuite.environment.torch, gpuById('h200'), onlyCopy, 'cudnn').kernels[c] : t.planned.kernels[c];
    return planned / t.kernels![c];
  };
  // a calibration that timed every kernel at the copy rate: no kernel below it
  const copy = { forwardBytesPerSec: 4.24e12, backwardBytesPerSec: 4.24e12 };
  const onlyCopy = {
    gpu: 'NVIDIA H200',
    date: '2026-11-30',
    memoryKernels: Object.fromEntries([...MEMORY_KERNEL_CASES, 'copy-fp32'].map((name) => [name, copy])),
  };

  it('plans the memory-bound rest within 20% of its kernels in every transformer step, closer than at the copy rate', () => {
    // with the measured shares: 0.83-0.94 of the profiled time; every kernel at the copy rate: 0.65-0.74
    for (const r of transformers) {
      expect(Math.abs(ratio(r, 'other') - 1), r.name).toBeLessThan(0.2);
      expect(Math.abs(ratio(r, 'other', true) - 1), r.name).toBeGreaterThan(Math.abs(ratio(r, 'other') - 1));
    }
  });

  it("plans ResNet-50's memory-bound rest at 0.8-1.05 of its kernels with batch norm at its profiled share (in-sample: the share is this step's), a quarter at the copy rate", () => {
    // batch norm is 30.7 ms of the 43.3 the rest ran; what the plan still lacks is cuDNN's NCHW/NHWC layout transforms
    const resnet = gpuSuite.results.find((r) => r.name.startsWith('resnet-50/'))!;
    expect(ratio(resnet, 'other')).toBeGreaterThan(0.8);
    expect(ratio(resnet, 'other')).toBeLessThan(1.05);
    expect(ratio(resnet, 'other', true)).toBeLessThan(0.35);
  });

  it("counts autograd's gradient sums as the profile ran them: 155 add_ kernels on the Llama step's hidden state", () => {
    // a tensor that k ops return a gradient for is summed k - 1 times (block-cost.ts gradientSums): per layer the
    // residual stream twice (norm and residual add), the first norm's output twice (q, k, v) and the second's once
    // (gate, up); plus one inside each of Hugging Face's RMSNorms (its fp32 copy read twice: its kind's traffic)
    const graph = caseGraph(caseNamed('llama-1.1b/e2e-amp-bf16-fused-adamw').case, true);
    const hidden = 2048 * 2048;
    let sums = 0;
    for (const block of graph.blocks) {
      for (const [t, readers] of gradientReaders(blockOpNeeds(block, 'train', block.index > 0, 'none'))) if (t.perSample === hidden) sums += readers - 1;
    }
    const norms = graph.blocks.flatMap((b) => b.ops).filter((op) => op.kind === 'rmsnorm').length;
    expect(sums).toBe(5 * 22);
    expect(sums + norms).toBe(profiledCalls('llama-1.1b/e2e-amp-bf16-fused-adamw', 'aten::add_', /^\[\[4,2048,2048\],\[4,2048,2048\],\[\]\]$/));
  });

  it('counts the copies Hugging Face-style attention makes around SDPA as the profile ran them', () => {
    // per layer: k and v repeated to the 32 query heads (2 copies forward, 2 sums backward) and the output transposed
    // back and made contiguous (1 copy forward): 66 copies forward and 44 sums in a 1.1B Llama step of 22 layers
    const name = 'llama-1.1b/e2e-amp-bf16-fused-adamw';
    const repeats = profiledCalls(name, 'aten::copy_', /^\[\[4,4,8,2048,64\]/);
    const transposes = profiledCalls(name, 'aten::copy_', /^\[\[4,2048,32,64\]/);
    expect([repeats, transposes, profiledCalls(name, 'aten::sum', /^\[\[4,4,8,2048,64\]/)]).toEqual([44, 22, 44]);
    expect(plannedSideKernels(name, 'attention').forward).toBe(repeats + transposes);
  });

  it("counts each trained bias's gradient sum as the profile ran them: 144 reductions in the GPT-2 step", () => {
    // addmm's backward sums the output gradient over the tokens: per layer q, k, v, the output projection and the
    // MLP's two (aten::sum on (8192, 1024) five times and on (8192, 4096) once, 24 layers)
    const name = 'gpt2-medium-v50304/e2e-amp-bf16-fused-adamw';
    expect(profiledCalls(name, 'aten::sum', /^\[\[8192,(1024|4096)\]/)).toBe(144);
    expect(plannedSideKernels(name, 'linear').backward).toBe(144);
  });

  it('times fused attention at the masked half it runs: within 25% of the cuDNN kernels of each step', () => {
    // 0.98-1.18 (all scores counted, as PyTorch's flop counter counts them, it was 1.8-2.0)
    for (const r of transformers) expect(Math.abs(ratio(r, 'attention') - 1), r.name).toBeLessThan(0.25);
  });

  it('plans GEMMs no faster than they ran: the sustained rate is the power limit’s floor (1.08-1.33 of the profiled time)', () => {
    // in these steps half the time is memory-bound, the board stays under its power limit and GEMMs run near burst
    for (const r of transformers) {
      expect(ratio(r, 'gemm'), r.name).toBeGreaterThan(1);
      expect(ratio(r, 'gemm'), r.name).toBeLessThan(1.35);
    }
  });
});

describe('the full suite measured on an H200', () => {
  // measured: worst 9.1% (ResNet-18 on CIFAR, whose cuDNN workspaces come and go inside the step), mean 1.0%
  it('plans the peak of tensors within 10% in every case, 2% on average (the cuBLAS workspaces measured apart)', () => {
    expect(fullSuite.failed).toEqual([]);
    const errors = fullSuite.results.map((r) => Math.abs(r.errors!.peakBytes));
    expect(errors).toHaveLength(67);
    for (const [i, e] of errors.entries()) expect(e, fullSuite.results[i]!.name).toBeLessThan(0.1);
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.02);
  });

  it('measured what the runtime holds in the allocator: at least the two 32 MiB workspaces of cuBLAS and cuBLASLt', () => {
    for (const r of fullSuite.results) expect(runtimeAllocatedBytes(r.measured), r.name).toBeGreaterThanOrEqual(64 * 2 ** 20);
  });
});

describe('GEMM shapes measured on an H200', () => {
  it('the pipeline fill of short-K GEMMs (derived from CUTLASS SM80) holds on Hopper: K from 128 to 1024 within 6%', () => {
    // one 8192 x 8192 output (15.5 waves of tiles) with K varied, against the shape share of the run's sustained rate
    const points = sameRun.gemmPoints!.filter((p) => p.m === 8192 && p.n === 8192 && p.k >= 128 && p.k <= 1024);
    expect(points).toHaveLength(5);
    for (const p of points) {
      const planned = gemmShapeShare(p.m, p.n, p.k, 132) * sameRun.matmulFlopsPerSec!;
      expect(Math.abs(planned / p.flopsPerSec - 1), `K=${p.k}`).toBeLessThan(0.06);
    }
  });
});

describe('the H200 calibration file', () => {
  it('is the sustained rate the catalog H200 and H100 SXM plan with (in TFLOP/s to one decimal)', () => {
    for (const id of ['h200', 'h100-sxm']) expect((matmulEfficiency(id, 989e12).value * 989e12) / 1e12).toBeCloseTo(calibration.matmulFlopsPerSec! / 1e12, 1);
  });

  it('is repeatable: a second run the same day measured the sustained rate within 1%', () => {
    expect(Math.abs(sameRun.matmulFlopsPerSec! / calibration.matmulFlopsPerSec! - 1)).toBeLessThan(0.01);
  });

  it('held its power limit from the second window (0.5 s) on: no window above 5% of the sustained median', () => {
    const windows = calibration.matmulWindows!;
    expect(windows.length).toBeGreaterThan(50);
    for (const w of windows) expect(w.flopsPerSec / calibration.matmulFlopsPerSec!).toBeLessThan(1.05);
    // the board at its 700 W limit, well below the 1980 MHz boost clock
    for (const w of windows.slice(1)) {
      expect(w.powerWatts!).toBeGreaterThan(650);
      expect(w.smClockMHz!).toBeLessThan(1700);
    }
  });
});

describe('kernel categories', () => {
  const kernels = (JSON.parse(h200Measurement('gpu-suite')) as { results: { measured: { kernels: { kernels: ProfiledKernel[] } } }[] }).results.flatMap((r) =>
    r.measured.kernels.kernels.filter((k) => k.deviceType.endsWith('CUDA')),
  );

  it('sorts the kernels PyTorch 2.11 ran on an H200 by their names', () => {
    const of = (part: string) => kernelCategory(kernels.find((k) => k.name.includes(part))!.name);
    expect(of('nvjet_sm90')).toBe('gemm'); // cuBLAS on Hopper
    expect(of('s1688gemm_bf16_128x128_tn_align1')).toBe('gemm'); // cuBLAS's fallback for an odd leading dimension
    expect(of('sdpa_sm90_flash_fprop')).toBe('attention'); // cuDNN's fused attention, picked by SDPA
    expect(of('implicit_gemm')).toBe('convolution'); // cuDNN convolutions
    expect(of('FusedOptimizerTensorListMetadata')).toBe('optimizer'); // fused AdamW
    expect(of('batch_norm_backward')).toBe('other');
    expect(kernelCategory('Optimizer.step#AdamW.step')).toBeNull(); // an annotation spanning the kernels above
  });
});
