// The op kind "batchnorm": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { batchnormRule } from './cost.js';
import { batchnormMemory } from './memory.js';

export const batchnormKind: OpKindModule<'batchnorm'> = { cost: batchnormRule, memory: batchnormMemory };
