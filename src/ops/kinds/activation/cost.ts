// Pointwise activations. Counting convention: every arithmetic operation and every transcendental
// (exp, tanh, erf) is 1 FLOP; the backward recomputes what it needs from the saved input.

import type { Activation } from '../../../spec/types.js';
import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

/** FLOPs per element, forward and input gradient. */
const PER_ELEMENT: Record<Activation, { forward: number; inputGrad: number }> = {
  /** max(x, 0); dy·[x > 0] */
  relu: { forward: 1, inputGrad: 1 },
  /** tanh; dy·(1 − y²): square, subtract, multiply */
  tanh: { forward: 1, inputGrad: 3 },
  /** x·σ(x), σ = 1/(1 + exp(−x)): negate, exp, add, divide, multiply = 5;
   *  dy·(σ + x·σ·(1 − σ)): σ 4, 1 − σ 1, x·σ 1, ·(1 − σ) 1, + σ 1, · dy 1 = 9 */
  silu: { forward: 5, inputGrad: 9 },
  /** 0.5·x·(1 + erf(x/√2)): scale, erf, add, two multiplies = 5;
   *  dy·(Φ + x·φ): Φ 4, φ = exp(−x²/2)/√(2π) 4, x·φ 1, add 1, · dy 1 = 11 */
  gelu: { forward: 5, inputGrad: 11 },
  /** 0.5·x·(1 + tanh(k·(x + c·x³))): x² x³ c· +x k· = 5, tanh 1, +1, ·x, ·0.5 = 9;
   *  u and t 6, 0.5(1 + t) 2, du/dx = k(1 + 3c·x²) 3, 1 − t² 2, 0.5·x·(1 − t²)·du 3, add 1, · dy 1 = 18 */
  gelu_tanh: { forward: 9, inputGrad: 18 },
};

export const activationRule: OpCostRule<'activation'> = {
  kind: 'activation',
  params: () => 0,
  flops: (a) => phases(a.elements * PER_ELEMENT[a.fn].forward, a.elements * PER_ELEMENT[a.fn].inputGrad, 0),
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per element fw/inputGrad: relu 1/1, tanh 1/3, silu 5/9, gelu 5/11, gelu_tanh 9/18',
};
