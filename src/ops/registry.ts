// Lookups over the op kinds' cost rules (src/ops/kinds/<kind>/index.ts), by kind.

import type { AnyOp, OpKind } from '../graph/types.js';
import { KINDS } from './kinds/index.js';
import type { OpCostRule, PhaseFlops } from './rule.js';

export function ruleFor<K extends OpKind>(kind: K): OpCostRule<K> {
  const kindModule = KINDS[kind];
  if (!kindModule) throw new Error(`no cost rule for op kind "${kind}"`);
  return kindModule.cost;
}

export function opParams(op: AnyOp): number {
  return ruleFor(op.kind).params(op.attrs);
}

/** all FLOPs per sample by phase */
export function opFlops(op: AnyOp): PhaseFlops {
  return ruleFor(op.kind).flops(op.attrs);
}

/** contraction FLOPs per sample by phase (a part of opFlops) */
export function opMatmulFlops(op: AnyOp): PhaseFlops {
  return ruleFor(op.kind).matmulFlops(op.attrs);
}

export function opMacs(op: AnyOp): number {
  return ruleFor(op.kind).macs(op.attrs);
}

/** the op has weights (its own or tied) whose gradient it computes */
export function opHasWeights(op: AnyOp): boolean {
  return opFlops(op).weightGrad > 0;
}

/** what op-level checkpointing does with the op: store its outputs or recompute it (src/ops/kind.ts) */
export function opCheckpoint(op: AnyOp): 'save' | 'recompute' {
  return KINDS[op.kind].checkpoint;
}

export function registeredKinds(): OpKind[] {
  return Object.keys(KINDS) as OpKind[];
}
