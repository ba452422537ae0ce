// The op kind "activation": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { activationRule } from './cost.js';
import { activationMemory } from './memory.js';

export const activationKind: OpKindModule<'activation'> = { cost: activationRule, memory: activationMemory };
