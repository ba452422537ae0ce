// The op kind "rope": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { ropeRule } from './cost.js';
import { ropeMemory } from './memory.js';

export const ropeKind: OpKindModule<'rope'> = { cost: ropeRule, memory: ropeMemory };
