// The op kind "router": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { routerRule } from './cost.js';
import { routerMemory } from './memory.js';

export const routerKind: OpKindModule<'router'> = { cost: routerRule, memory: routerMemory };
