// Every op cost rule, one per op kind. The registry builds its lookup from this list (no side-effect
// registration, so import order never matters).

import type { OpKind } from '../../graph/types.js';
import type { OpCostRule } from '../rule.js';
import { activationRule } from './activation.js';
import { addRule } from './add.js';
import { attentionRule } from './attention.js';
import { batchnormRule } from './batchnorm.js';
import { conv2dRule } from './conv2d.js';
import { crossEntropyRule } from './cross-entropy.js';
import { dropoutRule } from './dropout.js';
import { embeddingRule } from './embedding.js';
import { globalAvgpoolRule } from './global-avgpool.js';
import { layernormRule } from './layernorm.js';
import { linearRule } from './linear.js';
import { matmulRule } from './matmul.js';
import { moeCombineRule } from './moe-combine.js';
import { mulRule } from './mul.js';
import { parameterRule } from './parameter.js';
import { poolRule } from './pool.js';
import { rmsnormRule } from './rmsnorm.js';
import { ropeRule } from './rope.js';
import { routerRule } from './router.js';

/** One entry per op kind: the mapped type makes a missing or misfiled rule a compile error. */
export const RULES_BY_KIND: { readonly [K in OpKind]: OpCostRule<K> } = {
  linear: linearRule,
  matmul: matmulRule,
  attention: attentionRule,
  conv2d: conv2dRule,
  embedding: embeddingRule,
  parameter: parameterRule,
  layernorm: layernormRule,
  rmsnorm: rmsnormRule,
  batchnorm: batchnormRule,
  activation: activationRule,
  mul: mulRule,
  add: addRule,
  dropout: dropoutRule,
  pool: poolRule,
  'global-avgpool': globalAvgpoolRule,
  rope: ropeRule,
  'cross-entropy': crossEntropyRule,
  router: routerRule,
  'moe-combine': moeCombineRule,
};

export const ALL_RULES: readonly OpCostRule<any>[] = Object.values(RULES_BY_KIND);
