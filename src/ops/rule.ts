// The contract every op cost rule fulfils. One rule per op kind lives in src/ops/kinds/<kind>/index.ts as a
// plain object; src/ops/kinds/index.ts lists the kinds and src/ops/registry.ts looks rules up by kind, in the
// spirit of PyTorch's flop_counter registrations and Calculon's per-layer fw/agrad/wgrad accounting.
//
// All quantities are per sample of the micro-batch (see src/graph/types.ts); FLOPs count a multiply-add as 2.
// docs/cost-rules.md lists every rule with its formula and source.

import type { OpAttrsByKind, OpKind } from '../graph/types.js';

/** FLOPs of one op per sample, split by training phase. */
export interface PhaseFlops {
  /** forward pass */
  forward: number;
  /** gradient with respect to the op's activation inputs (needed whenever anything before it trains) */
  inputGrad: number;
  /**
   * gradient with respect to the op's own parameters (needed only when they train). Positive exactly when
   * the op has weights (its own, or a tied weight it computes the gradient of); 0 otherwise.
   */
  weightGrad: number;
}

export interface OpCostRule<K extends OpKind = OpKind> {
  kind: K;
  /** learned parameters held by the op */
  params(attrs: OpAttrsByKind[K]): number;
  /** all FLOPs per sample by phase (multiply-add = 2 FLOPs): contractions plus elementwise work */
  flops(attrs: OpAttrsByKind[K]): PhaseFlops;
  /**
   * the tensor-contraction part of flops() (linear, matmul, attention products, conv), phase by phase;
   * zero for elementwise ops. flops() - matmulFlops() is the "other" (elementwise/reduction) work.
   */
  matmulFlops(attrs: OpAttrsByKind[K]): PhaseFlops;
  /** forward multiply-accumulates of tensor contractions (linear, matmul, attention, conv); 0 for the rest */
  macs(attrs: OpAttrsByKind[K]): number;
  /** one line: the formula behind flops(), shown in docs and `--explain` */
  formula: string;
}
