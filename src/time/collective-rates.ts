// What collectives reach, measured with nccl-tests, where a measurement is published: Azure AI-benchmarking-guide,
// Azure_Results/ND_A100_v4_results.md (8 × A100-SXM4-80GB over NVLink/NVSwitch, NCCL 2.18.5, all_reduce_perf
// in place, 1 KB to 8 GB):
//
//   bus bandwidth   231.58 GB/s at 8 GB (the largest message), against the datasheet NVLink rate of 300 GB/s
//                   per direction. nccl-tests' busbw is defined so that a ring collective over N ranks takes
//                   (N−1)/N · bytes / busbw (all-reduce twice that): the bandwidth step-time.ts's ring formulas use.
//   latency         the 8 KB all-reduce runs at 0.33 GB/s busbw: 8192 · 2·7/8 / 0.33e9 = 43.4 µs per call, of which
//                   the bytes take 0.06 µs at full bandwidth; the smaller messages agree (1 KB: 0.04 GB/s, 45 µs)
//
// and Azure_Results/ND_H200_v5_results.md (8 × H200 141GB, NCCL 2.20.5, the NVLS algorithm: the NVSwitch reduces
// in the fabric, so busbw can pass the 450 GB/s per-direction link rate): 479.98 GB/s at 8 GB; 8 KB at 0.47 GB/s:
// 30.5 µs per call; Azure_Results/ND_H100_v5_results.md (8 × H100 80GB HBM3, NCCL 2.18.5, NVLS): 478.87 GB/s at
// 8 GB; 8 KB at 0.53 GB/s: 27.0 µs per call.
//
// Other GPUs (and links across nodes): not measured; their collectives run at the link rate with no latency.

import type { Cluster } from '../hardware/types.js';

interface MeasuredCollectives {
  intraNodeBusBytesPerSec: number;
  latencySeconds: number;
  basis: string;
}

const NCCL_8K_BYTES = 8192;
const ND_A100_V4: MeasuredCollectives = {
  intraNodeBusBytesPerSec: 231.58e9,
  latencySeconds: (NCCL_8K_BYTES * 2 * (7 / 8)) / 0.33e9,
  basis: 'nccl-tests all_reduce on 8 A100-SXM4-80GB: 231.58 GB/s bus bandwidth, 43 µs per call (Azure AI-benchmarking-guide)',
};

const ND_H200_V5: MeasuredCollectives = {
  intraNodeBusBytesPerSec: 479.98e9,
  latencySeconds: (NCCL_8K_BYTES * 2 * (7 / 8)) / 0.47e9,
  basis: 'nccl-tests all_reduce (NVLS) on 8 H200: 479.98 GB/s bus bandwidth, 30.5 µs per call (Azure AI-benchmarking-guide)',
};

const ND_H100_V5: MeasuredCollectives = {
  intraNodeBusBytesPerSec: 478.87e9,
  latencySeconds: (NCCL_8K_BYTES * 2 * (7 / 8)) / 0.53e9,
  basis: 'nccl-tests all_reduce (NVLS) on 8 H100 80GB HBM3: 478.87 GB/s bus bandwidth, 27 µs per call (Azure AI-benchmarking-guide)',
};

const MEASURED: Record<string, MeasuredCollectives> = {
  'a100-80gb': ND_A100_V4,
  'h100-sxm': ND_H100_V5,
  h200: ND_H200_V5,
};

/** The published nccl-tests figures of this GPU's NVLink node, or undefined where none are published. */
export function measuredCollectives(gpuId: string): MeasuredCollectives | undefined {
  return MEASURED[gpuId];
}

/** The cluster with the measured bus bandwidth inside an NVLink node (the datasheet link rate elsewhere); the plan's
 * kernelModel assumption names the measurement (efficiency.ts). */
export function withMeasuredLinks(cluster: Cluster): Cluster {
  const measured = MEASURED[cluster.gpu.id];
  if (measured === undefined || cluster.intraNodeLink !== 'nvlink') return cluster;
  return { ...cluster, intraNodeBytesPerSec: measured.intraNodeBusBytesPerSec };
}
