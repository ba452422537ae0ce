// Adafactor (Shazeer & Stern 2018) as Hugging Face transformers implements it (`transformers.optimization.
// Adafactor`, its defaults: beta1=None, so no first moment; relative_step, scale_parameter).
//
// State: for a tensor of rank >= 2 the second moment is factored into a row statistic (shape[:-1]) and a column
// statistic (shape[:-2] + shape[-1:]); a tensor of rank 1 keeps its full second moment. The state is created
// with `.to(grad)` after the gradient is up-cast (`grad = grad.float()`), so it is fp32 whatever the weights.
//
// Step, one tensor at a time (n elements, fp32):
//   grad.float() and p.float() when they are 16-bit: a copy each, held through the tensor's update;
//   `update = (grad**2) + eps`: the square, then the sum while the square is referenced (2n for a moment);
//   `update = self._approx_sq_grad(row, col)` (factored) or `exp_avg_sq.rsqrt().mul_(grad)`: a new n-sized
//   tensor while the old `update` is still referenced (2n);
//   `p_data_fp32.add_(-update)`: the negation is a temporary beside `update` (2n).
// So at most 2n fp32 elements of temporaries plus the up-cast copies, for the largest tensor.

import type { ParamTensors } from './param-tensors.js';
import type { PrecisionPolicy } from './precision.js';

const FP32 = 4;

/** Adafactor's state bytes per trainable parameter (fp32 row and column statistics, full v for vectors). */
export function adafactorStateBytes(t: ParamTensors): number {
  return t.params > 0 ? (FP32 * (t.factoredStats + t.unfactored)) / t.params : 0;
}

/** Bytes one step holds beyond its inputs: the largest tensor's fp32 temporaries and up-cast copies. */
export function adafactorStepTransient(p: PrecisionPolicy, steppedWeightBytes: number, t: ParamTensors): number {
  const upcasts = (p.gradBytes < FP32 ? 1 : 0) + (steppedWeightBytes < FP32 ? 1 : 0);
  return FP32 * (2 + upcasts) * t.largest;
}

/** Bytes read and written per parameter: the gradient, the weights (read, written) and the statistics (read, written). */
export function adafactorStepTraffic(p: PrecisionPolicy, steppedWeightBytes: number, t: ParamTensors): number {
  return p.gradBytes + 2 * steppedWeightBytes + 2 * adafactorStateBytes(t);
}
