// The validation executor's implementation of every op kind (src/ops/kinds/<kind>/execute.ts), or the
// kind's stated reason why it is not run. Typed so that a kind left out does not compile. Only the
// validation executor imports this file: it loads TensorFlow.js code, which planning never loads (KINDS in
// ./index.ts, which the planner uses, lists cost and memory only).

import type { OpKind } from '../../graph/types.js';
import type { KindExecutor, OpImpl } from '../execute.js';
import { activationImpl } from './activation/execute.js';
import { addImpl } from './add/execute.js';
import { attentionImpl } from './attention/execute.js';
import { batchnormImpl } from './batchnorm/execute.js';
import { conv2dImpl } from './conv2d/execute.js';
import { crossEntropyImpl } from './cross-entropy/execute.js';
import { dropoutImpl } from './dropout/execute.js';
import { embeddingImpl } from './embedding/execute.js';
import { globalAvgpoolImpl } from './global-avgpool/execute.js';
import { layerScaleImpl } from './layer-scale/execute.js';
import { layernormImpl } from './layernorm/execute.js';
import { linearImpl } from './linear/execute.js';
import { matmulImpl } from './matmul/execute.js';
import { moeCombineImpl } from './moe-combine/execute.js';
import { mulImpl } from './mul/execute.js';
import { parameterImpl } from './parameter/execute.js';
import { poolImpl } from './pool/execute.js';
import { rmsnormImpl } from './rmsnorm/execute.js';
import { ropeImpl } from './rope/execute.js';
import { stochasticDepthImpl } from './stochastic-depth/execute.js';
import { routerImpl } from './router/execute.js';

export const EXECUTORS: { readonly [K in OpKind]: KindExecutor<K> } = {
  linear: linearImpl,
  matmul: matmulImpl,
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
  router: routerImpl,
  'moe-combine': moeCombineImpl,
  'layer-scale': layerScaleImpl,
  'stochastic-depth': stochasticDepthImpl,
};

/** The implementation of an op kind; a kind the executor does not run is refused with its reason. */
export function implFor(kind: OpKind): OpImpl {
  const executor = EXECUTORS[kind];
  if ('notExecuted' in executor) throw new Error(`the validation executor does not run op kind "${kind}": ${executor.notExecuted}`);
  return executor as unknown as OpImpl;
}
