// The op kind "dropout": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { dropoutRule } from './cost.js';
import { dropoutMemory } from './memory.js';

export const dropoutKind: OpKindModule<'dropout'> = { cost: dropoutRule, memory: dropoutMemory };
