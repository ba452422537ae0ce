// What layernorm, rmsnorm and batchnorm share: the arithmetic of their cost rules (a per-element cost to
// normalise, then an optional scale γ and shift β, and their gradients; each norm supplies its own
// per-element counts) and their working memory under TensorFlow.js.

import type { NormAttrs, Op } from '../../graph/types.js';
import { elementTraffic, inputDtype, internalTensor, type HeldTensor, type KernelTraffic, type OpContext } from '../memory.js';
import { phases } from '../phase.js';
import type { PhaseFlops } from '../rule.js';
import type { MemoryKernel } from '../../vocabulary.js';

export interface NormElementCosts {
  /** forward FLOPs per element to produce x̂ */
  normalize: number;
  /** × γ */
  scale: number;
  /** + β */
  shift: number;
  /** FLOPs per element of dx from g = dy·γ */
  inputGrad: number;
  /** g = dy·γ */
  inputGradScale: number;
  /** dγ = Σ dy·x̂ */
  scaleGrad: number;
  /** dβ = Σ dy */
  shiftGrad: number;
}

export function normParams(a: NormAttrs): number {
  return (a.affine ? a.features : 0) + (a.bias ? a.features : 0);
}

export function normFlops(a: NormAttrs, c: NormElementCosts): PhaseFlops {
  const n = a.rows * a.features;
  const fw = c.normalize + (a.affine ? c.scale : 0) + (a.bias ? c.shift : 0);
  const ig = c.inputGrad + (a.affine ? c.inputGradScale : 0);
  const wg = (a.affine ? c.scaleGrad : 0) + (a.bias ? c.shiftGrad : 0);
  return phases(n * fw, n * ig, n * wg);
}

// ---- memory ----
// The working memory shared by the three normalisations under TensorFlow.js: the executor runs one
// implementation for all of them (norm-execute.ts).

type NormOp = Op<'layernorm' | 'rmsnorm' | 'batchnorm'>;

/** centred input and its square (then the normalised input and the affine product) */
export function tfjsNormForwardWorkspace(op: NormOp): HeldTensor[] {
  const n = op.attrs.rows * op.attrs.features;
  return [internalTensor(op, 'centred', n), internalTensor(op, 'square', n)];
}

/** the recomputed normalised input, its gradient and one temporary */
export function tfjsNormBackwardWorkspace(op: NormOp): HeldTensor[] {
  const n = op.attrs.rows * op.attrs.features;
  return [internalTensor(op, 'xhat', n), internalTensor(op, 'dxhat', n), internalTensor(op, 'tmp', n)];
}

/**
 * A normalisation as one fused kernel each way (torch's native_layer_norm, a fused RMSNorm): forward reads x and
 * writes y; backward reads x and dy and writes dx, the weight's gradient summed in the same pass (per-row
 * statistics and the weight's partial sums are small). Without an input gradient it reads x and dy only.
 * `kernel`: the measured PyTorch kernel it is (native_layer_norm); absent: not measured.
 */
export function fusedNormTraffic(a: NormAttrs, ctx: OpContext, kernel?: MemoryKernel): KernelTraffic {
  return elementTraffic(
    a.rows * a.features,
    inputDtype(ctx, 0),
    { forward: 2, backward: ctx.needsInputGrad ? 3 : 2, forwardKernels: 1, backwardKernels: 1 },
    kernel,
  );
}
