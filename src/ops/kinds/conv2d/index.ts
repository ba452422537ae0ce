// The op kind "conv2d": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { conv2dRule } from './cost.js';
import { conv2dMemory } from './memory.js';

export const conv2dKind: OpKindModule<'conv2d'> = { cost: conv2dRule, memory: conv2dMemory };
