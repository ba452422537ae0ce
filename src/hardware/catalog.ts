// The hardware catalog's public face. Importing this module is cheap: the built-in catalog is precompiled
// (catalog.generated.ts); mathjs and ajv load only for loadGpuFile.
export { gpuById, gpuIds, nodeTypeById, nodeTypeIds, defaultNodeTypeFor, GENERIC_NODE_TYPE } from './lookup.js';
export { makeCluster, type ClusterRequest } from './cluster.js';
export { loadGpuFile } from './load-gpu-file.js';
export { peakFlops, type ComputeDtype, type PeakFlops } from './peak-flops.js';
export type { Cluster, Gpu, GpuFlops, NodeType } from './types.js';
