// What a rotary embedding holds: nothing (cos/sin tables are constants; the rotation is linear).

import { internalTensor, type MemoryByRuntime } from '../../memory.js';

export const ropeMemory: MemoryByRuntime<'rope'> = {
  pytorch: {
    saved: () => [],
    // q·cos, rotate_half(q), rotate_half(q)·sin
    forwardWorkspace: (op) => [internalTensor(op, 'rot', 2 * op.attrs.elements)],
  },
  tfjs: { saved: () => [] },
};
