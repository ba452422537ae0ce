// Incremental graph construction shared by the family builders: hands out unique tensor ids, appends ops
// to the open block and closes blocks with their shape key.

import { shapeKeyOf } from './shape-key.js';
import type { AnyOp, Block, BlockKind, Graph, GraphOptions, OpAttrsByKind, OpKind, Tensor, TensorRole } from './types.js';

interface OpenBlock {
  name: string;
  kind: BlockKind;
  input: Tensor;
  isLayer: boolean;
  ops: AnyOp[];
}

export class GraphBuilder {
  private nextId = 0;
  private readonly blocks: Block[] = [];
  private open: OpenBlock | null = null;

  tensor(perSample: number, role: TensorRole, name: string, fixed?: number): Tensor {
    const t: Tensor = { id: this.nextId++, perSample, role, name };
    if (fixed !== undefined) t.fixed = fixed;
    return t;
  }

  /** Append an op to the open block; returns its new output tensor (named after the op). */
  op<K extends OpKind>(kind: K, name: string, attrs: OpAttrsByKind[K], inputs: Tensor[], outPerSample: number, outRole: TensorRole = 'act'): Tensor {
    if (!this.open) throw new Error(`op "${name}" added outside a block`);
    const output = this.tensor(outPerSample, outRole, name);
    this.open.ops.push({ kind, name, attrs, inputs, output } as unknown as AnyOp);
    return output;
  }

  begin(name: string, kind: BlockKind, input: Tensor, isLayer = false): void {
    if (this.open) throw new Error(`block "${name}" opened inside "${this.open.name}"`);
    this.open = { name, kind, input, isLayer, ops: [] };
  }

  end(output: Tensor): Tensor {
    const b = this.open;
    if (!b) throw new Error('no open block');
    this.blocks.push({
      index: this.blocks.length,
      name: b.name,
      kind: b.kind,
      ops: b.ops,
      input: b.input,
      output,
      shapeKey: shapeKeyOf(b.kind, b.input, b.ops, output),
      isLayer: b.isLayer,
    });
    this.open = null;
    return output;
  }

  finish(modelName: string, input: Tensor, tokensPerSample: number, options: GraphOptions): Graph {
    if (this.open) throw new Error(`block "${this.open.name}" left open`);
    return { modelName, blocks: this.blocks, tokensPerSample, input, options };
  }
}
