// The op kind "rmsnorm": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { rmsnormRule } from './cost.js';
import { rmsnormMemory } from './memory.js';

export const rmsnormKind: OpKindModule<'rmsnorm'> = { cost: rmsnormRule, memory: rmsnormMemory };
