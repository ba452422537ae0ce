// The op kind "mul": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { mulRule } from './cost.js';
import { mulMemory } from './memory.js';

export const mulKind: OpKindModule<'mul'> = { cost: mulRule, memory: mulMemory };
