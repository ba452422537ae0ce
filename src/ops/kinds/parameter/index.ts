// The op kind "parameter": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { parameterRule } from './cost.js';
import { parameterMemory } from './memory.js';

export const parameterKind: OpKindModule<'parameter'> = { cost: parameterRule, memory: parameterMemory };
