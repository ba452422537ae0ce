// Every op kind, complete: one entry per kind of the graph (src/graph/types.ts), typed so that a kind left
// out, or a kind without its cost rule or its memory under some runtime, is a compile error. No side-effect
// registration, so import order never matters. The executors (TensorFlow.js, validation only) are listed
// apart in ./executors.ts, so that nothing the planner loads imports them.

import type { AnyOp, OpKind } from '../../graph/types.js';
import type { HeldTensor, KernelTraffic, KindMemory, MemoryByRuntime, OpContext } from '../memory.js';
import type { OpKindModule } from '../kind.js';
import type { OpCostRule } from '../rule.js';
import { activationKind } from './activation/index.js';
import { addKind } from './add/index.js';
import { attentionKind } from './attention/index.js';
import { batchnormKind } from './batchnorm/index.js';
import { conv2dKind } from './conv2d/index.js';
import { crossEntropyKind } from './cross-entropy/index.js';
import { dropoutKind } from './dropout/index.js';
import { embeddingKind } from './embedding/index.js';
import { globalAvgpoolKind } from './global-avgpool/index.js';
import { layerScaleKind } from './layer-scale/index.js';
import { layernormKind } from './layernorm/index.js';
import { linearKind } from './linear/index.js';
import { matmulKind } from './matmul/index.js';
import { moeCombineKind } from './moe-combine/index.js';
import { mulKind } from './mul/index.js';
import { parameterKind } from './parameter/index.js';
import { poolKind } from './pool/index.js';
import { rmsnormKind } from './rmsnorm/index.js';
import { ropeKind } from './rope/index.js';
import { stochasticDepthKind } from './stochastic-depth/index.js';
import { routerKind } from './router/index.js';

export const KINDS: { readonly [K in OpKind]: OpKindModule<K> } = {
  linear: linearKind,
  matmul: matmulKind,
  attention: attentionKind,
  conv2d: conv2dKind,
  embedding: embeddingKind,
  parameter: parameterKind,
  layernorm: layernormKind,
  rmsnorm: rmsnormKind,
  batchnorm: batchnormKind,
  activation: activationKind,
  mul: mulKind,
  add: addKind,
  dropout: dropoutKind,
  pool: poolKind,
  'global-avgpool': globalAvgpoolKind,
  rope: ropeKind,
  'cross-entropy': crossEntropyKind,
  router: routerKind,
  'moe-combine': moeCombineKind,
  'layer-scale': layerScaleKind,
  'stochastic-depth': stochasticDepthKind,
};

/** The cost rules by kind (a view of KINDS). */
export const RULES_BY_KIND = Object.fromEntries(Object.entries(KINDS).map(([k, m]) => [k, m.cost])) as { readonly [K in OpKind]: OpCostRule<K> };

export const ALL_RULES: readonly (typeof RULES_BY_KIND)[OpKind][] = Object.values(RULES_BY_KIND);

type RuntimeOfKinds = keyof MemoryByRuntime<OpKind>;
type CodeOf<R extends RuntimeOfKinds> = MemoryByRuntime<OpKind>[R] extends KindMemory<OpKind, infer C> ? C : never;

/** What an op's kind holds under one runtime, for dispatch over any op. */
function memoryOf<R extends RuntimeOfKinds>(op: AnyOp, runtime: R): KindMemory<OpKind, CodeOf<R>> {
  return KINDS[op.kind].memory[runtime] as KindMemory<OpKind, CodeOf<R>>;
}

/**
 * A runtime profile's per-op answers, each asked of the op's kind under `runtime` (`code`: the runtime-wide
 * choice the kinds read); what a kind leaves out is none (no workspace, no recompute, no aliasing).
 */
export function kindMemoryDispatch<R extends RuntimeOfKinds>(runtime: R, code: CodeOf<R>) {
  return {
    saved: (op: AnyOp, ctx: OpContext): HeldTensor[] => memoryOf(op, runtime).saved(op, ctx, code),
    forwardWorkspace: (op: AnyOp, ctx: OpContext): HeldTensor[] => memoryOf(op, runtime).forwardWorkspace?.(op, ctx, code) ?? [],
    backwardWorkspace: (op: AnyOp, ctx: OpContext): HeldTensor[] => memoryOf(op, runtime).backwardWorkspace?.(op, ctx, code) ?? [],
    backwardRecomputeFlops: (op: AnyOp, ctx: OpContext): number => memoryOf(op, runtime).backwardRecomputeFlops?.(op, ctx, code) ?? 0,
    gradientAliasesOutput: (op: AnyOp, inputIndex: number): boolean => memoryOf(op, runtime).gradientAliasesOutput?.(op, inputIndex) ?? false,
    storedOutputs: (op: AnyOp, ctx: OpContext): HeldTensor[] => memoryOf(op, runtime).storedOutputs?.(op, ctx, code) ?? [],
    traffic: (op: AnyOp, ctx: OpContext): KernelTraffic | undefined => memoryOf(op, runtime).traffic?.(op, ctx, code),
    sideKernels: (op: AnyOp, ctx: OpContext): KernelTraffic | undefined => memoryOf(op, runtime).sideKernels?.(op, ctx, code),
  };
}
