// A block's shape key: a canonical description of everything that decides its costs — the ops' kinds and
// attributes, tensor sizes and roles, and which tensors each op reads (as block-local indices, so two
// layers wired the same way but with different global ids agree). Names are left out on purpose.

import type { AnyOp, Tensor } from './types.js';

export function shapeKeyOf(kind: string, input: Tensor, ops: readonly AnyOp[], output: Tensor): string {
  const local = new Map<number, number>();
  const ref = (t: Tensor): string => {
    let i = local.get(t.id);
    if (i === undefined) {
      i = local.size;
      local.set(t.id, i);
    }
    return `${i}:${t.perSample}:${t.fixed ?? 0}:${t.role}`;
  };
  const parts = [kind, ref(input)];
  for (const op of ops) {
    parts.push(`${op.kind}${JSON.stringify(op.attrs)}(${op.inputs.map(ref).join(',')})->${ref(op.output)}`);
  }
  parts.push(`out ${ref(output)}`);
  return parts.join('|');
}
