// FLOPs of the traced kernels. Contractions (MatMul, BatchMatMul, _FusedMatMul, Conv2D, FusedConv2D,
// Conv2DBackpropInput, Conv2DBackpropFilter and their depthwise counterparts) by formula from their shapes, 2 FLOPs per multiply-add;
// data movement (reshape, transpose, slice, gather, ...) is 0; everything else is "elementwise": one FLOP
// per output element (a labelled convention, not a count of
// the arithmetic inside each kernel).

import type { KernelRecord } from './kernels.js';
import type { Phase } from './phase.js';

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Kernels that only move or create data: 0 FLOPs. */
const MOVEMENT = new Set([
  'Reshape',
  'Identity',
  'Transpose',
  'Slice',
  'Concat',
  'PadV2',
  'BroadcastTo',
  'Cast',
  'GatherV2',
  'OneHot',
  'ExpandDims',
  'Tile',
  'Fill',
  'ZerosLike',
  'OnesLike',
  'SplitV',
  'Pack',
  'Unpack',
  'RandomUniform',
]);

/** A recorded shape, checked for the rank the kernel's formula reads (the trace records a missing input as []). */
function operand(k: KernelRecord, shape: number[] | undefined, rank: number): number[] {
  if (shape === undefined || shape.length < rank) {
    throw new Error(`${k.name}: an operand of shape ${JSON.stringify(shape ?? null)}, expected rank ${rank} or more`);
  }
  return shape;
}

/** Multiply-adds × 2 of a contraction kernel, or null for any other kernel. */
export function contractionFlops(k: KernelRecord): number | null {
  switch (k.name) {
    case 'MatMul':
    case 'BatchMatMul':
    case '_FusedMatMul': {
      // out [..., m, n]; a holds m·k elements per batch whichever way it is transposed
      const a = operand(k, k.inputShapes[0], 2);
      const out = operand(k, k.outputShapes[0], 2);
      const m = out[out.length - 2]!;
      const inner = (a[a.length - 1]! * a[a.length - 2]!) / m;
      return 2 * prod(out) * inner;
    }
    case 'Conv2D':
    case 'FusedConv2D': {
      // filter [kh, kw, in, out]; every output element sums kh·kw·in products
      const f = operand(k, k.inputShapes[1], 3);
      return 2 * prod(operand(k, k.outputShapes[0], 1)) * f[0]! * f[1]! * f[2]!;
    }
    case 'Conv2DBackpropInput': {
      // inputs {dy, filter}: the same products as the forward conv that produced dy
      const dy = operand(k, k.inputShapes[0], 1);
      const f = operand(k, k.inputShapes[1], 3);
      return 2 * prod(dy) * f[0]! * f[1]! * f[2]!;
    }
    case 'Conv2DBackpropFilter': {
      // inputs {x, dy}, output the filter [kh, kw, in, out]
      const dy = operand(k, k.inputShapes[1], 1);
      const f = operand(k, k.outputShapes[0], 3);
      return 2 * prod(dy) * f[0]! * f[1]! * f[2]!;
    }
    case 'DepthwiseConv2dNative':
    case 'FusedDepthwiseConv2D':
    case 'DepthwiseConv2dNativeBackpropInput': {
      // forward: output, else dy (inputs {dy, filter}); filter [kh, kw, in, multiplier]: every element of the
      // output (of dy) sums kh·kw products of its own channel
      const out = k.name === 'DepthwiseConv2dNativeBackpropInput' ? operand(k, k.inputShapes[0], 1) : operand(k, k.outputShapes[0], 1);
      const f = operand(k, k.inputShapes[1], 2);
      return 2 * prod(out) * f[0]! * f[1]!;
    }
    case 'DepthwiseConv2dNativeBackpropFilter': {
      // inputs {x, dy}, output the filter [kh, kw, in, multiplier]
      const dy = operand(k, k.inputShapes[1], 1);
      const f = operand(k, k.outputShapes[0], 2);
      return 2 * prod(dy) * f[0]! * f[1]!;
    }
    default:
      return null;
  }
}

export interface PhaseTotals {
  forward: number;
  inputGrad: number;
  weightGrad: number;
  recompute: number;
  total: number;
}

export const zeroTotals = (): PhaseTotals => ({ forward: 0, inputGrad: 0, weightGrad: 0, recompute: 0, total: 0 });

function bucket(p: Phase): keyof PhaseTotals | null {
  return p === 'forward' || p === 'inputGrad' || p === 'weightGrad' || p === 'recompute' ? p : null;
}

export interface MeasuredFlops {
  contraction: PhaseTotals;
  elementwise: PhaseTotals;
  /** kernels launched outside the four phases (optimizer update, data), elementwise FLOPs */
  outsidePhases: number;
  kernels: number;
}

export function measureFlops(records: KernelRecord[]): MeasuredFlops {
  const contraction = zeroTotals();
  const elementwise = zeroTotals();
  let outsidePhases = 0;
  for (const k of records) {
    const c = contractionFlops(k);
    const b = bucket(k.phase);
    const e = c === null && !MOVEMENT.has(k.name) ? k.outputShapes.reduce((s, o) => s + prod(o), 0) : 0;
    if (!b) {
      outsidePhases += c ?? e;
      continue;
    }
    if (c !== null) contraction[b] += c;
    else elementwise[b] += e;
  }
  for (const t of [contraction, elementwise]) t.total = t.forward + t.inputGrad + t.weightGrad + t.recompute;
  return { contraction, elementwise, outsidePhases, kernels: records.length };
}
