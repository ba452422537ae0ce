// The tensors alive while a block runs op by op: each op's output is kept until its last consumer in the
// block has run, then disposed (the block input belongs to the caller and is never disposed here).

import type { Tensor } from '@tensorflow/tfjs-core';
import type { Block } from '../graph/types.js';

export class BlockValues {
  readonly values: Map<number, Tensor>;
  private readonly remaining = new Map<number, number>();

  constructor(
    private readonly block: Block,
    input: Tensor,
  ) {
    this.values = new Map([[block.input.id, input]]);
    for (const op of block.ops) for (const t of op.inputs) this.remaining.set(t.id, (this.remaining.get(t.id) ?? 0) + 1);
  }

  /** one consumer of each of `inputs` has run: dispose those that no later op of the block reads */
  consumed(inputs: readonly { id: number }[]): void {
    for (const t of inputs) {
      const left = (this.remaining.get(t.id) ?? 1) - 1;
      this.remaining.set(t.id, left);
      if (left === 0 && t.id !== this.block.input.id && this.values.has(t.id)) {
        this.values.get(t.id)!.dispose();
        this.values.delete(t.id);
      }
    }
  }
}
