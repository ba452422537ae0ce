// Shared setup for memory tests: a plan request with defaults, and a stage-memory input.
import { buildGraph } from '../../src/graph/build.js';
import { gpuById } from '../../src/hardware/catalog.js';
import type { Graph } from '../../src/graph/types.js';
import { expect } from 'vitest';
import { maxMicroBatch, MaxBatchSink } from '../../src/memory/max-batch.js';
import { foldStage, stageMemory, type StageMemoryInput, SummaryCache } from '../../src/memory/stage-memory.js';
import { SHARDINGS } from '../../src/strategy/sharding.js';
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

/** A stage's memory input under bf16-mixed AdamW on PyTorch, FSDP over 8 GPUs, flash attention; `over` replaces any setting. */
export function fsdpStageInput(graph: Graph, roles: readonly BlockRole[], over: Partial<StageMemoryInput> = {}): StageMemoryInput {
  return {
    graph,
    roles,
    policy: 'none',
    profile: pytorchProfile,
    precision: precisionPolicy('bf16-mixed'),
    optimizer: optimizerPolicy('adamw'),
    placement: SHARDINGS.fsdp,
    attention: 'flash',
    gpus: 8,
    gpusPerNode: 8,
    overheadBytes: 0,
    ...over,
  };
}

/** The compressed fold (sweeps) solves the same largest micro-batch as the full timeline, at every capacity. */
export function expectCompressedFoldExact(input: StageMemoryInput, capacities: readonly number[]): void {
  const caps = Float64Array.from(capacities);
  const events = stageMemory({ ...input, cache: new SummaryCache() }).events;
  const sink = new MaxBatchSink(caps);
  foldStage({ ...input, cache: new SummaryCache() }, sink, true);
  sink.solve();
  caps.forEach((cap, k) => expect(sink.best[k]).toBe(maxMicroBatch(events, cap)));
}
