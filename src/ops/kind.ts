// One op kind, complete: its cost rule (FLOPs, MACs, parameters) and what it holds in memory under every
// runtime. Each kind lives in src/ops/kinds/<kind>/: index.ts (cost and memory, one module so that planning
// loads one file per kind) and execute.ts (its TensorFlow.js implementation for validation, which only
// src/ops/kinds/executors.ts lists so that planning never loads it).

import type { OpKind } from '../graph/types.js';
import type { MemoryByRuntime } from './memory.js';
import type { OpCostRule } from './rule.js';

export interface OpKindModule<K extends OpKind> {
  cost: OpCostRule<K>;
  memory: MemoryByRuntime<K>;
  /**
   * Under op-level checkpointing (torch's selective activation checkpointing with a save list, torchtitan's
   * `selective_ac_option: "op"`): 'save' stores the op's outputs in forward and hands them back to the
   * recomputation (the contractions: matmuls, attention, convolutions); 'recompute' runs it again in backward.
   */
  checkpoint: 'save' | 'recompute';
}
