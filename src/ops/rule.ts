// The contract every op cost rule fulfils. One rule per op kind lives in src/ops/rules/<kind>.ts and
// registers itself in src/ops/registry.ts, in the spirit of PyTorch's flop_counter registrations and
// Calculon's per-layer fw/agrad/wgrad accounting.
//
// All quantities are per sample of the micro-batch (see src/graph/types.ts); FLOPs count a multiply-add as 2.

import type { OpAttrsByKind, OpKind } from '../graph/types.js';

/** FLOPs of one op per sample, split by training phase. */
export interface PhaseFlops {
  /** forward pass */
  forward: number;
  /** gradient with respect to the op's activation inputs (needed whenever anything before it trains) */
  inputGrad: number;
  /** gradient with respect to the op's own parameters (needed only when they train) */
  weightGrad: number;
}

export interface OpCostRule<K extends OpKind = OpKind> {
  kind: K;
  /** learned parameters held by the op */
  params(attrs: OpAttrsByKind[K]): number;
  /** FLOPs per sample by phase (multiply-add = 2 FLOPs) */
  flops(attrs: OpAttrsByKind[K]): PhaseFlops;
  /** forward multiply-accumulates of tensor contractions (linear, matmul, attention, conv); 0 for the rest */
  macs(attrs: OpAttrsByKind[K]): number;
  /** one line: the formula behind flops(), shown in docs and `--explain` */
  formula: string;
}
