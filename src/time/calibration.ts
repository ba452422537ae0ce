// A calibration: what the user's own GPU and network measured (harness/calibrate.py writes one), replacing the
// published figures the time model uses by default (efficiency.ts, attention-efficiency.ts, the GPU catalog's link
// rates). Every field is optional; a field that is given replaces exactly one named constant:
//
//   matmulFlopsPerSec          the large-GEMM rate (16-bit), instead of the published one (sustained or burst)
//   attentionPoints            fused attention's forward + backward FLOP/s at several shapes (sequence length,
//                              head dimension, mask), instead of the flash kernel's published speed by shape; read
//                              by the same rule (attention-efficiency.ts)
//   attentionFlopsPerSec       fused attention's forward and backward FLOP/s at one shape, for every shape (when
//                              attentionPoints is absent)
//   hbmBytesPerSec             what memory-bound kernels stream from HBM, instead of the measured copy figure or
//                              the datasheet
//   busBytesPerSec.intraNode   nccl-tests' bus bandwidth inside a node, instead of the NVLink/PCIe rate
//   busBytesPerSec.interNode   nccl-tests' bus bandwidth of a ring across nodes, instead of the node's network
//                              rate (NCCL's rings together use all of a node's NICs: step-time.ts ringBandwidth)
//   collectiveLatencySeconds   the fixed time of one collective call (nccl-tests' small-message time);
//                              default: the published figure where one exists (collective-rates.ts), else none
//   gemmPoints (unaligned)     the largest measured GEMM with rows not a multiple of 8 elements: cuBLAS's unaligned
//                              kernels' rate, instead of the published one (efficiency.ts)
//   kernelLaunchSeconds        the host's time to issue one kernel (eager PyTorch dispatch and launch): a kernel
//                              takes at least this long, since the GPU cannot run ahead of the host; default: none
//   memoryKernels              PyTorch's memory-bound kernels timed by harness/kernel_traffic.py (its `cases`, with
//                              the same run's `copy-fp32`): each measured kernel's share of the copy rate, instead of
//                              the H200's (memory-kernels.ts); `batchnorm-*`, which kernel_traffic.py does not time,
//                              only when measured another way (bytes as src/ops/kinds/batchnorm counts them)
//
// nccl-tests defines bus bandwidth so that a ring collective of S bytes over N ranks takes (N−1)/N · S / busbw
// (all-reduce twice that): exactly the link rate the ring formulas of step-time.ts divide by.

import { RequestError } from '../errors.js';
import type { Cluster } from '../hardware/types.js';
import type { Efficiency } from './efficiency.js';
import { alignedRows, type KernelFigures } from './kernel-rates.js';
import { largeRateOf } from './gemm-efficiency.js';
import { type AttentionPoint, attentionCurveOf } from './attention-efficiency.js';
import { calibratedMemoryKernelBasis, MEMORY_KERNEL_CASES, type MemoryKernelShares, sharesWithCalibration } from './memory-kernels.js';

export interface Calibration {
  /** the GPU the figures were measured on, as the measuring tool named it */
  gpu: string;
  /** when they were measured (ISO date) */
  date: string;
  /** the catalog id of that GPU, when known: a plan on another GPU is refused */
  segplanGpu?: string;
  /** how the figures were measured (tool, versions, sizes) */
  method?: string;
  matmulFlopsPerSec?: number;
  attentionFlopsPerSec?: { forward: number; backward: number };
  /** attention's forward + backward FLOP/s by shape (wins over attentionFlopsPerSec) */
  attentionPoints?: AttentionPoint[];
  hbmBytesPerSec?: number;
  busBytesPerSec?: { intraNode?: number; interNode?: number };
  collectiveLatencySeconds?: number;
  kernelLaunchSeconds?: number;
  /** the sustained GEMM run behind matmulFlopsPerSec, window by window, kept for the record */
  matmulWindows?: { atSeconds: number; flopsPerSec: number; smClockMHz?: number; powerWatts?: number }[];
  /**
   * memory-bound kernels' bytes per second forward and backward by harness/kernel_traffic.py case name
   * ('layernorm-bf16', ...), and the same run's plain copy ('copy-fp32': forwardBytesPerSec)
   */
  memoryKernels?: Record<string, { forwardBytesPerSec: number; backwardBytesPerSec?: number }>;
  /** GEMM shapes measured by the harness, kept for the record (the planner's shape model is tile and wave quantization and the pipeline fill) */
  gemmPoints?: { m: number; n: number; k: number; flopsPerSec: number }[];
}

function positive(value: unknown, field: string, unit: string): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new RequestError(`calibration.${field}`, value, `must be a positive number of ${unit}`);
  }
}

function nonNegative(value: unknown, field: string): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new RequestError(`calibration.${field}`, value, 'must be a number of seconds, 0 or more');
  }
}

/** Checks a calibration given to the engine directly (a file is checked against its schema first: cli/calibration-file.ts). */
export function checkCalibration(c: Calibration, gpuId: string, peakFlopsPerSec: number): void {
  if (c.segplanGpu !== undefined && c.segplanGpu !== gpuId) {
    throw new RequestError('calibration.segplanGpu', c.segplanGpu, `was measured on another GPU than the plan's ${gpuId}`);
  }
  positive(c.matmulFlopsPerSec, 'matmulFlopsPerSec', 'FLOP/s');
  positive(c.attentionFlopsPerSec?.forward, 'attentionFlopsPerSec.forward', 'FLOP/s');
  positive(c.attentionFlopsPerSec?.backward, 'attentionFlopsPerSec.backward', 'FLOP/s');
  positive(c.hbmBytesPerSec, 'hbmBytesPerSec', 'bytes/s');
  positive(c.busBytesPerSec?.intraNode, 'busBytesPerSec.intraNode', 'bytes/s');
  positive(c.busBytesPerSec?.interNode, 'busBytesPerSec.interNode', 'bytes/s');
  nonNegative(c.collectiveLatencySeconds, 'collectiveLatencySeconds');
  nonNegative(c.kernelLaunchSeconds, 'kernelLaunchSeconds');
  // a measured rate above the catalog's dense peak means another GPU (or a wrong peak): nothing to plan with
  const above = (rate: number | undefined, field: string) => {
    if (rate !== undefined && rate > peakFlopsPerSec) {
      throw new RequestError(`calibration.${field}`, rate, `exceeds ${gpuId}'s dense 16-bit peak of ${peakFlopsPerSec} FLOP/s: measured on another GPU?`);
    }
  };
  above(c.matmulFlopsPerSec, 'matmulFlopsPerSec');
  above(c.attentionFlopsPerSec?.forward, 'attentionFlopsPerSec.forward');
  above(c.attentionFlopsPerSec?.backward, 'attentionFlopsPerSec.backward');
  c.attentionPoints?.forEach((p, i) => {
    positive(p.flopsPerSec, `attentionPoints.${i}.flopsPerSec`, 'FLOP/s');
    above(p.flopsPerSec, `attentionPoints.${i}.flopsPerSec`);
    for (const key of ['seqLen', 'headDim'] as const) {
      if (!Number.isInteger(p[key]) || p[key] < 1) throw new RequestError(`calibration.attentionPoints.${i}.${key}`, p[key], 'must be a positive integer');
    }
  });
  if (c.attentionPoints?.length === 0) throw new RequestError('calibration.attentionPoints', [], 'must hold at least one point');
  if (c.memoryKernels !== undefined) checkMemoryKernels(c.memoryKernels);
}

/** Every entry a kernel segplan knows (harness/kernel_traffic.py's case names) with both rates, and the copy they are shares of. */
function checkMemoryKernels(kernels: NonNullable<Calibration['memoryKernels']>): void {
  if (kernels['copy-fp32'] === undefined) {
    throw new RequestError('calibration.memoryKernels.copy-fp32', undefined, "is missing: the kernels' shares are of the same run's copy rate");
  }
  for (const [name, k] of Object.entries(kernels)) {
    const field = `memoryKernels.${name}`;
    if (name !== 'copy-fp32' && !MEMORY_KERNEL_CASES.includes(name)) {
      throw new RequestError(`calibration.${field}`, name, `is not a kernel segplan plans: one of ${MEMORY_KERNEL_CASES.join(', ')}, or copy-fp32`);
    }
    positive(k.forwardBytesPerSec, `${field}.forwardBytesPerSec`, 'bytes/s');
    if (name !== 'copy-fp32' && k.backwardBytesPerSec === undefined) {
      throw new RequestError(`calibration.${field}.backwardBytesPerSec`, undefined, 'is missing: each kernel is planned forward and backward');
    }
    positive(k.backwardBytesPerSec, `${field}.backwardBytesPerSec`, 'bytes/s');
  }
}

/** The shares of the copy rate a calibration's timed memory-bound kernels reached (memory-kernels.ts), by case name. */
function measuredShares(kernels: NonNullable<Calibration['memoryKernels']>): MemoryKernelShares {
  const copy = kernels['copy-fp32']!.forwardBytesPerSec; // checked above
  const shares: Record<string, readonly [number, number]> = {};
  for (const [name, k] of Object.entries(kernels)) {
    if (name !== 'copy-fp32') shares[name] = [k.forwardBytesPerSec / copy, k.backwardBytesPerSec! / copy]; // checked above
  }
  // (the names were checked against MEMORY_KERNEL_CASES above)
  return shares;
}

/** The largest measured GEMM with unaligned rows (harness/calibrate.py multiplies a[m, k]·b[k, n]: rows of k and n). */
function largestUnalignedPoint(c: Calibration): NonNullable<Calibration['gemmPoints']>[number] | undefined {
  const unaligned = (c.gemmPoints ?? []).filter((p) => !alignedRows(p.n, p.k));
  return unaligned.reduce<(typeof unaligned)[number] | undefined>(
    (best, p) => (best === undefined || p.m * p.n * p.k > best.m * best.n * best.k ? p : best),
    undefined,
  );
}

/** The kernel figures of a plan with the calibration's measurements in place of the published ones. */
export function calibratedRates(
  c: Calibration,
  peakFlopsPerSec: number,
  sixteenBit: boolean,
  published: { efficiency: Efficiency; kernels: { rates: KernelFigures; basis: string; memoryKernelBasis: string } },
): { efficiency: Efficiency; kernels: { rates: KernelFigures; basis: string; memoryKernelBasis: string } } {
  const from = `calibration of ${c.gpu} (${c.date})`;
  const rates: KernelFigures = { ...published.kernels.rates };
  const used: string[] = [];
  let efficiency = published.efficiency;
  // the harness measures 16-bit kernels: an fp32 plan keeps its dense-peak rates
  if (sixteenBit && c.matmulFlopsPerSec !== undefined) {
    efficiency = { value: c.matmulFlopsPerSec / peakFlopsPerSec, basis: `measured matmul ${c.matmulFlopsPerSec / 1e12} TFLOP/s (${from})` };
  }
  if (sixteenBit && c.attentionPoints !== undefined) {
    // the user's own measurements by shape replace the published curve (and a one-shape rate beside them)
    rates.attentionCurve = attentionCurveOf(c.attentionPoints, `attention by shape measured (${from})`);
    used.push('attention by shape');
  } else if (sixteenBit && c.attentionFlopsPerSec !== undefined) {
    // the user's own measurement wins over the published curve (kernelRate reads a measured rate first)
    rates.attention = { forward: c.attentionFlopsPerSec.forward / peakFlopsPerSec, backward: c.attentionFlopsPerSec.backward / peakFlopsPerSec };
    used.push('attention FLOP/s');
  }
  // the largest measured GEMM with an unaligned dimension replaces the published unaligned rate (16-bit kernels)
  const unaligned = sixteenBit ? largestUnalignedPoint(c) : undefined;
  if (unaligned !== undefined) {
    rates.unalignedGemmFlopsPerSec = largeRateOf(unaligned, rates.sms);
    used.push('unaligned GEMM rate');
  }
  if (c.hbmBytesPerSec !== undefined) {
    rates.memoryBytesPerSec = c.hbmBytesPerSec;
    used.push('HBM bandwidth');
  }
  if (c.kernelLaunchSeconds !== undefined) {
    rates.launchSeconds = c.kernelLaunchSeconds;
    used.push('kernel launch time');
  }
  let basisOfKernels = published.kernels.basis;
  if (c.memoryKernels !== undefined) {
    // kernels the calibration did not time keep the H200's shares; the plan's words say which
    const measured = measuredShares(c.memoryKernels);
    rates.memoryKernelShares = sharesWithCalibration(measured);
    basisOfKernels = basisOfKernels.replace(published.kernels.memoryKernelBasis, calibratedMemoryKernelBasis(from, measured));
  }
  if (c.collectiveLatencySeconds !== undefined) {
    rates.collectiveLatencySeconds = c.collectiveLatencySeconds;
    used.push('collective latency');
  }
  if (c.busBytesPerSec !== undefined) used.push('bus bandwidth');
  const basis = used.length ? `${basisOfKernels}; ${used.join(', ')} from the ${from}` : basisOfKernels;
  return { efficiency, kernels: { rates, basis, memoryKernelBasis: published.kernels.memoryKernelBasis } };
}

/** The cluster with the calibration's measured bus bandwidths as its link rates (the ring formulas' bandwidth). */
export function calibratedCluster(cluster: Cluster, c: Calibration): Cluster {
  const bus = c.busBytesPerSec;
  if (bus === undefined || (bus.intraNode === undefined && bus.interNode === undefined)) return cluster;
  return {
    ...cluster,
    ...(bus.intraNode !== undefined && { intraNodeBytesPerSec: bus.intraNode }),
    // a ring across nodes runs at the node's network rate (step-time.ts ringBandwidth): the measured busbw is it
    ...(bus.interNode !== undefined && { interNodeBytesPerSec: bus.interNode }),
    notes: [...cluster.notes, `link rates from the calibration of ${c.gpu} (${c.date}): nccl-tests bus bandwidth`],
  };
}
