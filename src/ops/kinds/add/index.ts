// The op kind "add": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { addRule } from './cost.js';
import { addMemory } from './memory.js';

export const addKind: OpKindModule<'add'> = { cost: addRule, memory: addMemory };
