// A job's hardware layout: which GPU, how many per node, how many nodes, and the node's host figures.
import { UserError } from '../errors.js';
import { quantity } from '../words.js';
import { defaultNodeTypeFor, gpuById, nodeTypeById } from './lookup.js';
import type { Cluster, Gpu, NodeType } from './types.js';

export interface ClusterRequest {
  /** Built-in GPU id, or a Gpu (e.g. from loadGpuFile). */
  gpu: string | Gpu;
  /** Total GPUs in the job. */
  gpus?: number;
  nodes?: number;
  /** Node type id for host figures; default: the node type built around this GPU, else `pcie-node`. */
  nodeType?: string;
}

/**
 * Derives the layout:
 * - neither gpus nor nodes: one GPU on one node;
 * - nodes only: full nodes (nodes × the node type's gpusPerNode);
 * - gpus only: as few nodes as hold them (⌈gpus / gpusPerNode⌉), GPUs spread evenly;
 * - both: gpus / nodes per node.
 * GPUs must split evenly over nodes and fit the node type. Host memory, host memory bandwidth and the
 * inter-node network come from the node type (per node); the intra-node link is NVLink when the node type has
 * it (or `auto` and the GPU has a fabric figure), else the GPU's PCIe link.
 */
export function makeCluster(req: ClusterRequest): Cluster {
  const gpu = typeof req.gpu === 'string' ? gpuById(req.gpu) : req.gpu;
  const node = req.nodeType === undefined ? defaultNodeTypeFor(gpu.id) : nodeTypeById(req.nodeType);
  if (node.gpu !== undefined && node.gpu !== gpu.id) {
    throw new UserError(`node type ${node.id} holds ${node.gpu} GPUs, not ${gpu.id}`);
  }
  const { gpusPerNode, nodes } = layout(req.gpus, req.nodes, node);
  const notes: string[] = [];
  if (node.gpu === undefined) {
    notes.push(
      `host figures (host memory, host memory bandwidth, network) are those of the generic node type ${node.id}, ` + 'partly assumed; see docs/hardware.md',
    );
  }
  let intraNodeLink: 'nvlink' | 'pcie' = 'pcie';
  if (node.intraNode !== 'pcie' && gpu.nvlinkBytesPerSec !== undefined) intraNodeLink = 'nvlink';
  if (node.intraNode === 'nvlink' && gpu.nvlinkBytesPerSec === undefined) {
    notes.push(`${gpu.id} has no NVLink figure; GPU-to-GPU traffic inside a node is modelled over PCIe`);
  }
  return {
    gpu,
    gpusPerNode,
    nodes,
    nodeType: node.id,
    hostMemoryBytes: node.hostMemoryBytes,
    hostMemoryBytesPerSec: node.hostMemoryBytesPerSec,
    interNodeBytesPerSec: node.interNodeBytesPerSec,
    intraNodeBytesPerSec: intraNodeLink === 'nvlink' ? (gpu.nvlinkBytesPerSec as number) : gpu.pcieBytesPerSec,
    intraNodeLink,
    ...(node.hostCores !== undefined && { hostCores: node.hostCores }),
    notes,
  };
}

function layout(gpus: number | undefined, nodes: number | undefined, node: NodeType) {
  checkCount('gpus', gpus);
  checkCount('nodes', nodes);
  const max = node.gpusPerNode;
  if (gpus === undefined && nodes === undefined) return { gpusPerNode: 1, nodes: 1 };
  if (gpus === undefined) return { gpusPerNode: max, nodes: nodes as number };
  const n = nodes ?? Math.ceil(gpus / max);
  if (gpus % n !== 0) {
    throw new UserError(`${quantity(gpus, 'GPU')} do not split evenly over ${quantity(n, 'node')} (node type ${node.id} holds ${max} per node)`);
  }
  if (gpus / n > max) {
    throw new UserError(`${quantity(gpus, 'GPU')} on ${quantity(n, 'node')} is ${gpus / n} per node; node type ${node.id} holds at most ${max}`);
  }
  return { gpusPerNode: gpus / n, nodes: n };
}

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
    throw new UserError(`${name} must be a whole number ≥ 1, got ${value}`);
  }
}
