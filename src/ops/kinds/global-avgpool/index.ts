// The op kind "global-avgpool": cost and memory (execute.ts, its validation implementation, is listed only by
// src/ops/kinds/executors.ts).

import type { OpKindModule } from '../../kind.js';
import { globalAvgpoolRule } from './cost.js';
import { globalAvgpoolMemory } from './memory.js';

export const globalAvgpoolKind: OpKindModule<'global-avgpool'> = { cost: globalAvgpoolRule, memory: globalAvgpoolMemory };
