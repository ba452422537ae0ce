// The op kind "embedding": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { embeddingRule } from './cost.js';
import { embeddingMemory } from './memory.js';

export const embeddingKind: OpKindModule<'embedding'> = { cost: embeddingRule, memory: embeddingMemory };
