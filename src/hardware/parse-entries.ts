// Schema-valid JSON entries → engine types (numbers in base units). Quantity strings go through the mathjs
// parser; JSON paths in errors point at the offending field.
import type { Gpu, GpuPrice, IntraNodeLink, KernelStack, NodeType } from './types.js';
import type { QuantityParser } from './units.js';

/** A GPU entry as written in gpus.json or a user's gpu.json (after schema validation). */
export interface GpuEntryJson {
  id: string;
  name: string;
  memory: string;
  memoryNote?: string;
  flops: { bf16?: string; fp16: string; fp32: string; fp8?: string };
  memoryBandwidth: string;
  nvlinkBandwidth?: string;
  nvlinkNote?: string;
  sms?: number;
  smsSource?: string;
  deviceName?: string;
  deviceNameSource?: string;
  kernelStack?: KernelStack;
  pcie: { gen: number; lanes: number; bandwidth: string };
  source: string;
  notes?: string[];
  price?: GpuPrice;
}

/** A node-type entry as written in clusters.json (after schema validation). */
export interface NodeTypeEntryJson {
  id: string;
  name: string;
  gpu?: string;
  gpusPerNode: number;
  intraNode: IntraNodeLink;
  hostMemory: string;
  hostMemoryBandwidth: string;
  interNodeBandwidth: string;
  interNodeNote?: string;
  hostCores?: number;
  source: string;
  notes?: string[];
}

/** `at` is the entry's JSON path, e.g. `/gpus/3` (empty for a single-GPU file). */
export function gpuFromEntry(e: GpuEntryJson, q: QuantityParser, file: string, at: string): Gpu {
  const bf16 = e.flops.bf16 === undefined ? undefined : q.parse(e.flops.bf16, 'flopsPerSec', file, `${at}/flops/bf16`);
  const fp8 = e.flops.fp8 === undefined ? undefined : q.parse(e.flops.fp8, 'flopsPerSec', file, `${at}/flops/fp8`);
  // Vendors quote NVLink as the total of both directions; the engine works per direction.
  const nvlink = e.nvlinkBandwidth === undefined ? undefined : q.parse(e.nvlinkBandwidth, 'bytesPerSec', file, `${at}/nvlinkBandwidth`) / 2;
  return {
    id: e.id,
    name: e.name,
    memoryBytes: q.parse(e.memory, 'bytes', file, `${at}/memory`),
    ...(e.memoryNote !== undefined && { memoryNote: e.memoryNote }),
    flops: {
      ...(bf16 !== undefined && { bf16 }),
      fp16: q.parse(e.flops.fp16, 'flopsPerSec', file, `${at}/flops/fp16`),
      fp32: q.parse(e.flops.fp32, 'flopsPerSec', file, `${at}/flops/fp32`),
      ...(fp8 !== undefined && { fp8 }),
    },
    hbmBytesPerSec: q.parse(e.memoryBandwidth, 'bytesPerSec', file, `${at}/memoryBandwidth`),
    ...(nvlink !== undefined && { nvlinkBytesPerSec: nvlink }),
    ...(e.nvlinkNote !== undefined && { nvlinkNote: e.nvlinkNote }),
    ...(e.sms !== undefined && { sms: e.sms }),
    ...(e.smsSource !== undefined && { smsSource: e.smsSource }),
    ...(e.deviceName !== undefined && { deviceName: e.deviceName }),
    ...(e.deviceNameSource !== undefined && { deviceNameSource: e.deviceNameSource }),
    ...(e.kernelStack !== undefined && { kernelStack: e.kernelStack }),
    pcieGen: e.pcie.gen,
    pcieLanes: e.pcie.lanes,
    pcieBytesPerSec: q.parse(e.pcie.bandwidth, 'bytesPerSec', file, `${at}/pcie/bandwidth`),
    source: e.source,
    ...(e.notes !== undefined && { notes: [...e.notes] }),
    ...(e.price !== undefined && { price: { ...e.price } }),
  };
}

export function nodeTypeFromEntry(e: NodeTypeEntryJson, q: QuantityParser, file: string, at: string): NodeType {
  return {
    id: e.id,
    name: e.name,
    ...(e.gpu !== undefined && { gpu: e.gpu }),
    gpusPerNode: e.gpusPerNode,
    intraNode: e.intraNode,
    hostMemoryBytes: q.parse(e.hostMemory, 'bytes', file, `${at}/hostMemory`),
    hostMemoryBytesPerSec: q.parse(e.hostMemoryBandwidth, 'bytesPerSec', file, `${at}/hostMemoryBandwidth`),
    interNodeBytesPerSec: q.parse(e.interNodeBandwidth, 'bytesPerSec', file, `${at}/interNodeBandwidth`),
    ...(e.interNodeNote !== undefined && { interNodeNote: e.interNodeNote }),
    ...(e.hostCores !== undefined && { hostCores: e.hostCores }),
    source: e.source,
    ...(e.notes !== undefined && { notes: [...e.notes] }),
  };
}
