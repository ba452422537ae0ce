// The op kind "layernorm": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { layernormRule } from './cost.js';
import { layernormMemory } from './memory.js';

export const layernormKind: OpKindModule<'layernorm'> = { cost: layernormRule, memory: layernormMemory };
