// What a learned added/concatenated tensor holds: nothing. An added one (positional table) passes the incoming
// gradient to its input as it is, like add.

import type { Op } from '../../../graph/types.js';
import type { MemoryByRuntime } from '../../memory.js';

const addsOnto = (op: Op<'parameter'>): boolean => op.attrs.combine === 'add';

export const parameterMemory: MemoryByRuntime<'parameter'> = {
  pytorch: { saved: () => [], gradientAliasesOutput: addsOnto },
  tfjs: { saved: () => [], gradientAliasesOutput: addsOnto },
};
