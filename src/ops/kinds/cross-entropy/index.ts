// The op kind "cross-entropy": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { crossEntropyRule } from './cost.js';
import { crossEntropyMemory } from './memory.js';

export const crossEntropyKind: OpKindModule<'cross-entropy'> = { cost: crossEntropyRule, memory: crossEntropyMemory };
