// The op kind "linear": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { linearRule } from './cost.js';
import { linearMemory } from './memory.js';

export const linearKind: OpKindModule<'linear'> = { cost: linearRule, memory: linearMemory };
