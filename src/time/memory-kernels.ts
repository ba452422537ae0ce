// How fast PyTorch's memory-bound kernels stream, as a share of the GPU's copy rate: measured, kernel by kernel.
//
// The time model charges a memory-bound kernel its bytes over the rate a plain copy reaches (efficiency.ts,
// MEASURED_HBM_COPY). Most of PyTorch's kernels stream slower than a copy: a norm reduces each row before it can
// write it (LayerNorm's backward sums the weight's gradient over rows as well), the rotary embedding reads strided
// halves of each head, a 16-bit activation's math runs in fp32. Their bytes are counted aten op by aten op
// (src/ops/kinds/<kind>, `traffic`); this file says how fast those bytes move.
//
// Source: this project's measurement on an H200 SXM with PyTorch 2.11 (harness/kernel_traffic.py --cuda on
// 2026-11-30, test/fixtures/torch-cuda/h200-2026-11-30-kernel-traffic.json): each case's kernels timed apart,
// forward and backward (device time from torch.profiler, the mean of 20 calls after 3 warm-ups), at a 1.1B Llama's
// sizes (8192 rows of 2048; 32 heads of 64 over 2048 tokens; a 32000-word vocabulary), its counted bytes over that
// time, divided by a plain fp32 copy's 4.24 TB/s measured the same way. Values as measured, to three decimals
// (tests check each against the file); a share above 1 is a kernel within noise of the copy. One correction: that
// run timed the product's backward with its second factor's gradient accumulated into (the harness cleared only the
// input's gradient between calls; it clears every one now), an add kernel of 3 elements per element beside the 6
// counted, so its backward moved 9 / 6 of the counted bytes in the measured time.
//
// Batch norm was not in that run: its share comes from the same H200's profile of a ResNet-50 training step in bf16
// autocast (batch 128, 224², NCHW; test/fixtures/torch-cuda/h200-2026-11-30-ops-by-shape.json): the 53 batch norms'
// counted bytes forward and backward over their kernels' device time, over the copy above. That is an aggregate
// over ResNet-50's shapes: by shape the share ran from 7% to 40%, lowest where few channels (PyTorch's statistics
// and backward kernels run one thread block per channel: 64 channels on 132 SMs) or small images (7 × 7) give the
// kernels little parallel work; a network of other widths and sizes will stream at another share. The ResNet-50 step's check (test/validate/torch/h200-measured.test.ts) is
// therefore not independent for its batch norms.
//
// Other NVIDIA GPUs take the H200's shares: a kernel's share of its GPU's copy rate is taken to be a property of its
// code (an assumption: vectorization and occupancy can differ by architecture; no other GPU was measured, and a
// calibration of its own replaces them). GPUs that run ROCm's kernels (the MI300X) keep the copy rate. Kernels not
// measured (a fused RMSNorm, the fused cross-entropy, dropout, additions, softmax, embeddings, casts) stream at the
// copy rate.
//
// The sizes matter: a kernel of 16-64 MB, as measured, spends part of its time filling and draining the GPU, which
// a larger one amortises; the shares are those of a 1B model's activations.

import { MEMORY_KERNELS, type MemoryKernel } from '../vocabulary.js';
import type { MeasuredKernel } from '../ops/memory.js';
import type { Gpu } from '../hardware/types.js';

/** forward and backward share of the copy rate, by kernel and input width (absent: not measured, the copy rate) */
type Shares = Partial<Record<`${MemoryKernel}-${MeasuredKernel['width']}`, readonly [forward: number, backward: number]>>;

const WIDTHS = ['bf16', 'fp32'] as const;
/** a code per width and direction */
const CODES_PER_KERNEL = 2 * WIDTHS.length;

const H200_SHARES: Shares = {
  'rmsnorm-eager-bf16': [0.62, 0.717],
  'rope-bf16': [0.383, 0.488],
  'layernorm-bf16': [0.485, 0.305],
  'gelu-bf16': [0.654, 0.741],
  'silu-bf16': [0.831, 0.906],
  'relu-bf16': [0.929, 0.964],
  'tanh-bf16': [0.85, 0.963],
  'mul-bf16': [0.971, 0.971],
  'cross-entropy-bf16': [0.537, 0.81],
  'rmsnorm-eager-fp32': [0.696, 0.78],
  'rope-fp32': [0.63, 0.707],
  'layernorm-fp32': [0.638, 0.403],
  'gelu-fp32': [0.942, 1.003],
  'silu-fp32': [0.935, 0.989],
  'relu-fp32': [0.95, 1.0],
  'tanh-fp32': [0.941, 1.004],
  'mul-fp32': [0.994, 0.995],
  'cross-entropy-fp32': [0.58, 0.749],
};

/** measured inside a training step instead (above): batch norm in a ResNet-50 step, over its 53 layers' shapes */
const H200_STEP_SHARES: Shares = {
  'batchnorm-bf16': [0.162, 0.184],
  // not measured in fp32 (an assumption): the kernels ran at a sixth of the copy rate, held back by how little
  // parallel work a channel gives them, not by bytes, so an fp32 element is taken to cost what a bf16 one did: twice
  // the share (at the copy rate an fp32 batch norm would plan 3x faster than a bf16 one)
  'batchnorm-fp32': [0.323, 0.368],
};

const WORDS: Record<MemoryKernel, string> = {
  layernorm: 'LayerNorm',
  'rmsnorm-eager': "Hugging Face's RMSNorm",
  rope: 'the rotary embedding',
  gelu: 'GELU',
  silu: 'SiLU',
  relu: 'ReLU',
  tanh: 'tanh',
  mul: 'a product',
  'cross-entropy': "the loss's up-cast path",
  batchnorm: 'batch norm',
};

/** Each measured kernel's range of shares (both widths, both directions) in words, from the table. */
function rangesInWords(shares: Shares): string {
  return MEMORY_KERNELS.flatMap((kernel) => {
    const all = WIDTHS.flatMap((w) => shares[`${kernel}-${w}`] ?? []);
    if (all.length === 0) return [];
    // the range that holds every share, in whole percent of the copy rate (above it: within noise of the copy)
    const [lo, hi] = [Math.floor(100 * Math.min(...all)), Math.ceil(100 * Math.min(1, Math.max(...all)))];
    return [`${WORDS[kernel]} ${lo === hi ? lo : `${lo}-${hi}`}%`];
  }).join(', ');
}

/** every share the H200 measured: its kernels timed apart, and batch norm inside a training step */
const H200_ALL: Shares = { ...H200_SHARES, ...H200_STEP_SHARES };

export const MEMORY_KERNEL_BASIS = `memory-bound kernels at the share of the copy rate PyTorch 2.11's kernels reached on an H200 (this project's harness/kernel_traffic.py, 2026-11-30: ${rangesInWords(H200_SHARES)}; in a ResNet-50 step's profile: ${rangesInWords(H200_STEP_SHARES)} (fp32 taken at bf16's time per element); other NVIDIA GPUs take the H200's shares)`;

/** The plan's words when a calibration timed its own kernels (the H200's shares for those it did not time). */
export function calibratedMemoryKernelBasis(from: string, shares: Shares): string {
  return `memory-bound kernels at the share of the copy rate they reached in the ${from} (${rangesInWords(shares)}; the H200's for kernels it did not time)`;
}

/**
 * The code a roofline term carries for a measured kernel in one direction (src/time/block-cost.ts): 0 for none
 * (the copy rate), else 1 + its place in the share table below.
 */
export function memoryKernelCode(measured: MeasuredKernel | undefined, backward: boolean): number {
  if (measured === undefined) return 0;
  return 1 + CODES_PER_KERNEL * MEMORY_KERNELS.indexOf(measured.kernel) + 2 * WIDTHS.indexOf(measured.width) + (backward ? 1 : 0);
}

/** The measured kernels' case names (kernel and width), as harness/kernel_traffic.py names them. */
export const MEMORY_KERNEL_CASES: readonly string[] = MEMORY_KERNELS.flatMap((k) => WIDTHS.map((w) => `${k}-${w}`));

/** Shares by code (code 0: 1, the copy rate), from forward and backward shares by case name (absent: the copy rate). */
export function memoryKernelShares(shares: Shares): Float64Array {
  const out = new Float64Array(1 + CODES_PER_KERNEL * MEMORY_KERNELS.length).fill(1);
  for (const kernel of MEMORY_KERNELS) {
    for (const width of WIDTHS) {
      const s = shares[`${kernel}-${width}`];
      if (s === undefined) continue;
      out[memoryKernelCode({ kernel, width }, false)] = s[0];
      out[memoryKernelCode({ kernel, width }, true)] = s[1];
    }
  }
  return out;
}

/** The shares a GPU plans with unless its calibration measured its own (read-only: rooflineSeconds caches by them). */
export const DEFAULT_MEMORY_KERNEL_SHARES: Readonly<Float64Array> = memoryKernelShares(H200_ALL);
const COPY_RATE_EVERYWHERE: Readonly<Float64Array> = memoryKernelShares({});

/** The shares of a GPU, and in words where they come from: a GPU that runs ROCm's kernels, not the CUDA kernels measured, streams every one at the copy rate. */
export function memoryKernelFigures(gpu: Pick<Gpu, 'kernelStack'>): { shares: Readonly<Float64Array>; basis: string } {
  return gpu.kernelStack === 'rocm'
    ? { shares: COPY_RATE_EVERYWHERE, basis: "memory-bound kernels at the copy rate (PyTorch's kernels were measured on CUDA GPUs only)" }
    : { shares: DEFAULT_MEMORY_KERNEL_SHARES, basis: MEMORY_KERNEL_BASIS };
}

/** A calibration's measured shares over the H200's (kernels it did not time keep the H200's). */
export function sharesWithCalibration(measured: Shares): Float64Array {
  return memoryKernelShares({ ...H200_ALL, ...measured });
}

/** The shares measured kernel by kernel (harness/kernel_traffic.py), by case name (tests compare them with its file). */
export function defaultMemoryKernelShares(): Readonly<Shares> {
  return H200_SHARES;
}

/** The shares measured inside a training step's profile, by case name (tests derive them from the profile). */
export function stepMeasuredShares(): Readonly<Shares> {
  return H200_STEP_SHARES;
}

export type MemoryKernelShares = Shares;
