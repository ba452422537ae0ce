// Shared setup for memory tests: a plan request with defaults, and a stage-memory input.
import { buildGraph } from '../../src/graph/build.js';
import { gpuById } from '../../src/hardware/catalog.js';
import type { Graph } from '../../src/graph/types.js';
import { stageMemory, type StageMemoryInput } from '../../src/memory/stage-memory.js';
import { optimizerPolicy } from '../../src/precision/optimizer.js';
import { precisionPolicy } from '../../src/precision/precision.js';
import { pytorchProfile } from '../../src/runtime/pytorch.js';
import type { Placement } from '../../src/strategy/placement.js';
import type { ActivationPolicy, BlockRole } from '../../src/strategy/roles.js';
import type { PlanRequest } from '../../src/plan/types.js';
import type { ModelSpec } from '../../src/model/types.js';

export function request(model: ModelSpec, over: Partial<PlanRequest> = {}): PlanRequest {
  return {
    model,
    gpu: gpuById('a100-80gb'),
    gpus: 1,
    nodes: 1,
    seqLen: 512,
    microBatch: 'auto',
    strategy: 'e2e',
    checkpointing: 'none',
    attention: 'flash',
    precision: 'bf16-mixed',
    optimizer: 'adamw',
    runtime: 'pytorch',
    ...over,
  };
}

/** A stage's timeline under bf16-mixed AdamW on PyTorch; `over` replaces any of the input's settings. */
export function memoryOf(
  graph: Graph,
  roles: readonly BlockRole[],
  placement: Placement,
  gpus: number,
  policy: ActivationPolicy = 'none',
  over: Partial<StageMemoryInput> = {},
) {
  return stageMemory({
    graph,
    roles,
    policy,
    profile: pytorchProfile,
    precision: precisionPolicy('bf16-mixed'),
    optimizer: optimizerPolicy('adamw'),
    placement,
    attention: 'flash',
    gpus,
    gpusPerNode: gpus,
    overheadBytes: 0,
    ...over,
  });
}

export function graphOf(spec: ModelSpec, seqLen = 256): Graph {
  return buildGraph(spec, { seqLen });
}
