// The working memory shared by the three normalisations under TensorFlow.js: the executor runs one
// implementation for all of them (norm-execute.ts).

import type { Op } from '../../graph/types.js';
import { internalTensor, type HeldTensor } from '../memory.js';

type NormOp = Op<'layernorm' | 'rmsnorm' | 'batchnorm'>;

/** centred input and its square (then the normalised input and the affine product) */
export function tfjsNormForwardWorkspace(op: NormOp): HeldTensor[] {
  const n = op.attrs.rows * op.attrs.features;
  return [internalTensor(op, 'centred', n), internalTensor(op, 'square', n)];
}

/** the recomputed normalised input, its gradient and one temporary */
export function tfjsNormBackwardWorkspace(op: NormOp): HeldTensor[] {
  const n = op.attrs.rows * op.attrs.features;
  return [internalTensor(op, 'xhat', n), internalTensor(op, 'dxhat', n), internalTensor(op, 'tmp', n)];
}
