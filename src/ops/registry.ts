// The registry of op cost rules: one rule per op kind, looked up by kind. Built once from the plain list
// in src/ops/rules/index.ts.

import type { AnyOp, OpKind } from '../graph/types.js';
import type { OpCostRule, PhaseFlops } from './rule.js';
import { ALL_RULES } from './rules/index.js';

function buildMap(list: readonly OpCostRule<any>[]): Map<OpKind, OpCostRule<any>> {
  const map = new Map<OpKind, OpCostRule<any>>();
  for (const rule of list) {
    if (map.has(rule.kind)) throw new Error(`op rule for "${rule.kind}" listed twice`);
    map.set(rule.kind, rule);
  }
  return map;
}

const rules = buildMap(ALL_RULES);

export function ruleFor<K extends OpKind>(kind: K): OpCostRule<K> {
  const rule = rules.get(kind);
  if (!rule) throw new Error(`no cost rule for op kind "${kind}"`);
  return rule as OpCostRule<K>;
}

export function opParams(op: AnyOp): number {
  return ruleFor(op.kind).params(op.attrs as never);
}

/** all FLOPs per sample by phase */
export function opFlops(op: AnyOp): PhaseFlops {
  return ruleFor(op.kind).flops(op.attrs as never);
}

/** contraction FLOPs per sample by phase (a part of opFlops) */
export function opMatmulFlops(op: AnyOp): PhaseFlops {
  return ruleFor(op.kind).matmulFlops(op.attrs as never);
}

export function opMacs(op: AnyOp): number {
  return ruleFor(op.kind).macs(op.attrs as never);
}

/** the op has weights (its own or tied) whose gradient it computes */
export function opHasWeights(op: AnyOp): boolean {
  return opFlops(op).weightGrad > 0;
}

export function registeredKinds(): OpKind[] {
  return [...rules.keys()];
}
