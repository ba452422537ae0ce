// What an elementwise sum holds: nothing. Its backward hands the incoming gradient to both summands as it is
// (PyTorch's AddBackward with alpha = 1; the executor returns a reshape of dy, the same buffer).

import type { MemoryByRuntime } from '../../memory.js';

export const addMemory: MemoryByRuntime<'add'> = {
  pytorch: { saved: () => [], gradientAliasesOutput: () => true },
  tfjs: { saved: () => [], gradientAliasesOutput: () => true },
};
