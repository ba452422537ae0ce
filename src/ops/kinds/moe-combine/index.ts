// The op kind "moe-combine": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { moeCombineRule } from './cost.js';
import { moeCombineMemory } from './memory.js';

export const moeCombineKind: OpKindModule<'moe-combine'> = { cost: moeCombineRule, memory: moeCombineMemory };
