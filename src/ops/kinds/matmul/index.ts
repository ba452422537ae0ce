// The op kind "matmul": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { matmulRule } from './cost.js';
import { matmulMemory } from './memory.js';

export const matmulKind: OpKindModule<'matmul'> = { cost: matmulRule, memory: matmulMemory };
