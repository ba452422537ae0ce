// The executor's op implementations by kind.

import type { OpKind } from '../../graph/types.js';
import { attentionImpl } from './attention.js';
import { embeddingImpl, linearImpl, parameterImpl } from './dense.js';
import { activationImpl, addImpl, dropoutImpl, mulImpl, ropeImpl } from './elementwise.js';
import { crossEntropyImpl } from './loss.js';
import { batchnormImpl, layernormImpl, rmsnormImpl } from './norm.js';
import type { OpImpl } from './types.js';
import { conv2dImpl, globalAvgpoolImpl, poolImpl } from './vision.js';

const impls: { [K in OpKind]?: OpImpl<K> } = {
  linear: linearImpl,
  attention: attentionImpl,
  conv2d: conv2dImpl,
  embedding: embeddingImpl,
  parameter: parameterImpl,
  layernorm: layernormImpl,
  rmsnorm: rmsnormImpl,
  batchnorm: batchnormImpl,
  activation: activationImpl,
  mul: mulImpl,
  add: addImpl,
  dropout: dropoutImpl,
  pool: poolImpl,
  'global-avgpool': globalAvgpoolImpl,
  rope: ropeImpl,
  'cross-entropy': crossEntropyImpl,
};

export function implFor(kind: OpKind): OpImpl {
  const impl = impls[kind];
  if (!impl) throw new Error(`the validation executor has no implementation of op kind "${kind}"`);
  return impl as unknown as OpImpl;
}
