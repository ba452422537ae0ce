// The op kind "pool": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { poolRule } from './cost.js';
import { poolMemory } from './memory.js';

export const poolKind: OpKindModule<'pool'> = { cost: poolRule, memory: poolMemory };
