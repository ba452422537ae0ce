// The op kind "attention": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { attentionRule } from './cost.js';
import { attentionMemory } from './memory.js';

export const attentionKind: OpKindModule<'attention'> = { cost: attentionRule, memory: attentionMemory };
