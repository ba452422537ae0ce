// Lookups in the built-in, precompiled catalog. Imports nothing heavy: no mathjs, no ajv.
import { UserError } from '../errors.js';
import { GPUS, NODE_TYPES } from './catalog.generated.js';
import { unknownIdMessage } from './suggest.js';
import type { Gpu, NodeType } from './types.js';

/** Generic node type used for GPUs that have none of their own (see docs/hardware.md). */
export const GENERIC_NODE_TYPE = 'pcie-node';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const gpusById = new Map(deepFreeze(GPUS).map((g) => [g.id, g]));
const nodeTypesById = new Map(deepFreeze(NODE_TYPES).map((n) => [n.id, n]));

/** Built-in GPU ids, in catalog order. */
export function gpuIds(): string[] {
  return [...gpusById.keys()];
}

/** A built-in GPU (frozen). Ids are matched case-insensitively; unknown ids throw a UserError with suggestions. */
export function gpuById(id: string): Gpu {
  const gpu = gpusById.get(id.trim().toLowerCase());
  if (!gpu) throw new UserError(unknownIdMessage('GPU', id, gpuIds()));
  return gpu;
}

/** The built-in GPU whose driver reports `name` (torch.cuda.get_device_name), if the catalog knows the name. */
export function gpuByDeviceName(name: string): Gpu | undefined {
  return GPUS.find((g) => g.deviceName === name.trim());
}

export function nodeTypeIds(): string[] {
  return [...nodeTypesById.keys()];
}

export function nodeTypeById(id: string): NodeType {
  const node = nodeTypesById.get(id.trim().toLowerCase());
  if (!node) throw new UserError(unknownIdMessage('node type', id, nodeTypeIds()));
  return node;
}

/** The first node type built around `gpuId`, else the generic one. */
export function defaultNodeTypeFor(gpuId: string): NodeType {
  for (const node of nodeTypesById.values()) if (node.gpu === gpuId) return node;
  return nodeTypeById(GENERIC_NODE_TYPE);
}
