// Runtime profile of TensorFlow.js as driven by segplan's validation executor (src/validate/executor.ts).
//
// What tfjs keeps is decided by the executor: every op is one tf.customGrad node that keeps exactly the
// tensors its implementation saves (src/validate/ops/*), frees them as soon as its own backward ran, and
// frees forward temporaries when its forward returns. tfjs itself keeps every gradient it computed until
// the whole backward ends (tape.ts accumulates into a map disposed at the end). On cpu a saved tensor is a
// clone sharing its buffer (Identity increments a reference count), so a graph tensor saved by several ops
// is one buffer: graph tensors are keyed by id. Every tfjs tensor here is 4 bytes per element (float32
// activations, float32 masks and statistics, int32 ids).
//
// Workspaces list the temporaries each op implementation holds at its peak, besides its output and what it
// saves (forward) or besides the incoming and outgoing gradients (backward); they follow the code of
// src/validate/ops/*, including buffers the cpu kernels allocate inside (a reduction over a non-trailing
// axis transposes its input first).

import type { AnyOp, Tensor } from '../graph/types.js';
import type { HeldTensor, OpContext, RuntimeProfile } from './profile.js';

const t = (x: Tensor): HeldTensor => ({ key: x.id, perSample: x.perSample, fixed: x.fixed ?? 0, role: x.role });
const own = (op: AnyOp, name: string, perSample: number, fixed = 0, role: HeldTensor['role'] = 'act'): HeldTensor => ({
  key: `${op.name}#${name}`,
  perSample,
  fixed,
  role,
});

function linearSliced(op: Extract<AnyOp, { kind: 'linear' }>): boolean {
  return op.inputs[0].perSample !== op.attrs.rows * op.attrs.inFeatures;
}

function saved(op: AnyOp, ctx: OpContext): HeldTensor[] {
  switch (op.kind) {
    case 'linear':
      if (!ctx.weightTrains) return [];
      return linearSliced(op) ? [own(op, 'x', op.attrs.rows * op.attrs.inFeatures)] : [t(op.inputs[0])];
    case 'conv2d':
    case 'embedding':
      return ctx.weightTrains ? [t(op.inputs[0])] : [];
    // not executed by the validation suite; modelled like PyTorch's
    case 'router':
      return [own(op, 'probs', op.attrs.rows * op.attrs.experts, 0, 'f32')];
    case 'moe-combine':
      return op.inputs.map(t);
    case 'attention': {
      const a = op.attrs;
      const q = a.heads * a.queryLen * a.headDim;
      const kv = a.heads * a.keyLen * a.headDim;
      const scores = a.heads * a.queryLen * a.keyLen;
      const out = [own(op, 'q', q), own(op, 'k', kv), own(op, 'v', kv), own(op, 'probs', scores)];
      if (a.dropout > 0) out.push(own(op, 'dropmask', scores, 0, 'mask'));
      return out;
    }
    case 'layernorm':
    case 'rmsnorm': {
      const stats = [own(op, 'rstd', op.attrs.rows, 0, 'f32')];
      if (op.kind === 'layernorm') stats.push(own(op, 'mean', op.attrs.rows, 0, 'f32'));
      return [t(op.inputs[0]), ...stats];
    }
    case 'batchnorm':
      return [t(op.inputs[0]), own(op, 'mean', 0, op.attrs.features, 'f32'), own(op, 'rstd', 0, op.attrs.features, 'f32')];
    case 'activation':
      return op.attrs.fn === 'relu' || op.attrs.fn === 'tanh' ? [t(op.output)] : [t(op.inputs[0])];
    case 'mul':
      return [t(op.inputs[0]), t(op.inputs[1])];
    case 'dropout':
      return [own(op, 'mask', op.attrs.elements, 0, 'mask')];
    case 'pool':
      return op.attrs.mode === 'max' ? [t(op.inputs[0]), t(op.output)] : [t(op.inputs[0])];
    case 'cross-entropy':
      return [t(op.inputs[0]), own(op, 'lse', op.attrs.rows, 0, 'f32')];
    case 'add':
    case 'parameter':
    case 'global-avgpool':
    case 'rope':
    case 'matmul':
      return [];
  }
}

type ActivationFn = Extract<AnyOp, { kind: 'activation' }>['attrs']['fn'];

// Intermediates of the input's size alive when the last kernel of the formula runs: the formula runs in one
// tidy (src/validate/ops/elementwise.ts), so every intermediate lives until the output is computed. (Number
// operands are scalar tensors tfjs does not allocate per use: none is seen in the data store.)
// Forward, e.g. gelu: x·0.5, x·√½, erf(·), (·)+1, then the output.
const ACTIVATION_FORWARD: Record<ActivationFn, number> = { relu: 0, tanh: 0, gelu: 4, gelu_tanh: 7, silu: 1 };
// Backward, the derivative then dy·derivative, e.g. gelu: x·√½, erf, +1, ·0.5 (cdf), x², ·(−0.5), exp,
// ·1/√(2π) (pdf), x·pdf, cdf + x·pdf; relu: step(y); tanh: y², 1 − y².
const ACTIVATION_BACKWARD: Record<ActivationFn, number> = { relu: 1, tanh: 2, gelu: 10, gelu_tanh: 17, silu: 5 };

function forwardWorkspace(op: AnyOp, ctx: OpContext): HeldTensor[] {
  switch (op.kind) {
    case 'linear':
      // the product before the bias is added; a sliced input (class token) is a copy
      return [
        ...(op.attrs.bias ? [own(op, 'prebias', op.attrs.rows * op.attrs.outFeatures)] : []),
        ...(linearSliced(op) && !ctx.weightTrains ? [own(op, 'x', op.attrs.rows * op.attrs.inFeatures)] : []),
      ];
    case 'conv2d':
      return op.attrs.bias ? [own(op, 'prebias', op.attrs.outH * op.attrs.outW * op.attrs.outChannels)] : [];
    case 'attention': {
      // two score-sized buffers at once (raw and scaled scores, or shifted and exp) and the causal mask
      const a = op.attrs;
      const scores = a.heads * a.queryLen * a.keyLen;
      return [own(op, 'scores', scores), ...(a.causal ? [own(op, 'causal', 0, a.queryLen * a.keyLen, 'f32')] : [])];
    }
    case 'layernorm':
    case 'rmsnorm':
    case 'batchnorm':
      // centred input and its square (then the normalised input and the affine product)
      return [own(op, 'centred', op.attrs.rows * op.attrs.features), own(op, 'square', op.attrs.rows * op.attrs.features)];
    case 'dropout':
      // uniform draw and its shifted copy before the mask exists
      return [own(op, 'uniform', op.attrs.elements)];
    case 'activation': {
      // the formula runs in one tidy: every intermediate (and every number operand, a 4-byte scalar
      // tensor) lives until the output is computed
      const n = ACTIVATION_FORWARD[op.attrs.fn];
      return n > 0 ? [own(op, 'tmp', n * op.attrs.elements)] : [];
    }
    case 'cross-entropy':
      // shifted logits and their exp
      return [own(op, 'shifted', op.attrs.rows * op.attrs.classes), own(op, 'exp', op.attrs.rows * op.attrs.classes)];
    default:
      return [];
  }
}

function backwardWorkspace(op: AnyOp, ctx: OpContext): HeldTensor[] {
  switch (op.kind) {
    case 'linear':
      // the bias gradient sums dy over rows: the cpu reduction transposes dy first
      return ctx.weightTrains && op.attrs.bias ? [own(op, 'dyT', op.attrs.rows * op.attrs.outFeatures)] : [];
    case 'attention': {
      const a = op.attrs;
      const q = a.heads * a.queryLen * a.headDim;
      const scores = a.heads * a.queryLen * a.keyLen;
      // dO in head layout, dV/dQ/dK in head layout before the transposes back, dP and dS
      return [own(op, 'dO', q), own(op, 'dQh', q), own(op, 'dKh', q), own(op, 'dVh', q), own(op, 'dP', scores), own(op, 'dS', scores)];
    }
    case 'layernorm':
    case 'rmsnorm':
    case 'batchnorm': {
      const n = op.attrs.rows * op.attrs.features;
      return [own(op, 'xhat', n), own(op, 'dxhat', n), own(op, 'tmp', n)];
    }
    case 'activation': {
      const n = ACTIVATION_BACKWARD[op.attrs.fn];
      return [own(op, 'deriv', n * op.attrs.elements)];
    }
    case 'cross-entropy': {
      const n = op.attrs.rows * op.attrs.classes;
      return [own(op, 'probs', n), own(op, 'onehot', n)];
    }
    default:
      return [];
  }
}

export const tfjsProfile: RuntimeProfile = {
  name: 'tfjs',
  bytesPerElement: () => 4,
  saved,
  forwardWorkspace,
  backwardWorkspace,
  keepsAllForwardOutputs: false,
  keepsGradientsUntilEnd: true,
  // add and parameter add return a reshape of dy: a new handle on the same buffer (ops/elementwise.ts, dense.ts)
  gradientAliasesOutput: (op) => op.kind === 'add' || (op.kind === 'parameter' && op.attrs.combine === 'add'),
  // tape.ts: map[x] = add(map[x], dx); the old map entry is disposed, dx stays in the backward scope
  gradientAccumulation: 'keep-contributions',
  weightGradientsPerOp: true,
};
