// Which ops of a block train under an adapter (LoRA): in an adapted block only the adapter matrices do; the
// base weights are frozen. FLOPs (op-needs), model states (block weights) and the optimizer's tensors read it.
import type { AnyOp, Block } from './types.js';

function isAdapterOp(op: AnyOp): boolean {
  return op.kind === 'linear' && op.attrs.adapter === true;
}

/** The op's weights train when its block trains. */
export function opTrainsWithBlock(block: Block, op: AnyOp): boolean {
  return !block.adapted || isAdapterOp(op);
}
