// The registry of op cost rules: one rule per op kind, looked up by kind.

import type { AnyOp, OpKind } from '../graph/types.js';
import type { OpCostRule, PhaseFlops } from './rule.js';

const rules = new Map<OpKind, OpCostRule<any>>();

export function registerOpRule<K extends OpKind>(rule: OpCostRule<K>): void {
  if (rules.has(rule.kind)) throw new Error(`op rule for "${rule.kind}" registered twice`);
  rules.set(rule.kind, rule);
}

export function ruleFor<K extends OpKind>(kind: K): OpCostRule<K> {
  const rule = rules.get(kind);
  if (!rule) throw new Error(`no cost rule registered for op kind "${kind}"`);
  return rule as OpCostRule<K>;
}

export function opParams(op: AnyOp): number {
  return ruleFor(op.kind).params(op.attrs as never);
}

export function opFlops(op: AnyOp): PhaseFlops {
  return ruleFor(op.kind).flops(op.attrs as never);
}

export function opMacs(op: AnyOp): number {
  return ruleFor(op.kind).macs(op.attrs as never);
}

export function registeredKinds(): OpKind[] {
  return [...rules.keys()];
}
