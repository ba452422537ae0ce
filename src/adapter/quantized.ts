// Bytes of a frozen weight matrix stored quantized, from the formats' published descriptions.
//
// NF4 with double quantization (QLoRA, Dettmers et al. 2023, §3 "Double Quantization"): every weight is a
// 4-bit NormalFloat code; each block of 64 weights has an absmax constant, and those constants are themselves
// quantized to 8 bits in blocks of 256, each block with one fp32 constant. Per weight that is
// 4 + 8/64 + 32/(64·256) = 4.127 bits = 0.5159 bytes (the paper: "reduces the memory footprint per parameter
// from 0.5 bits to 0.127 bits" for the constants). Counted here per matrix, with partial blocks rounded up.
//
// LLM.int8 (Dettmers et al. 2022; bitsandbytes Linear8bitLt): one int8 per weight and one fp32 absmax
// scale per output row (vector-wise quantization).

import type { AnyOp, LinearAttrs, WeightQuant } from '../graph/types.js';
import type { HeldTensor } from '../ops/memory.js';

/** NF4 block size and the double-quantization block size (QLoRA's defaults, bitsandbytes' blocksize=64) */
export const NF4_BLOCK = 64;
const NF4_CONSTANT_BLOCK = 256;

/** Bytes of one rows × cols matrix in the quantized format. */
export function quantizedMatrixBytes(quant: WeightQuant, rows: number, cols: number): number {
  const n = rows * cols;
  if (quant === 'int8') return n + 4 * rows;
  const blocks = Math.ceil(n / NF4_BLOCK);
  return Math.ceil(n / 2) + blocks + 4 * Math.ceil(blocks / NF4_CONSTANT_BLOCK);
}

/** Bytes of a quantized linear layer's weight (every expert of a bank; a bias stays in the weight dtype). */
export function quantizedLinearBytes(a: LinearAttrs): number {
  if (!a.quant) return 0;
  return quantizedMatrixBytes(a.quant, a.outFeatures, a.inFeatures) * (a.experts?.count ?? 1);
}

/** Weight elements a quantized linear layer stores quantized (its bias excluded). */
export function quantizedLinearParams(a: LinearAttrs): number {
  return a.quant ? a.inFeatures * a.outFeatures * (a.experts?.count ?? 1) : 0;
}

/**
 * The dequantized copy of a quantized weight, a transient of the op that uses it: bitsandbytes dequantizes the
 * whole matrix to the compute dtype before each matmul, in forward and again for the input gradient (MatMul4Bit),
 * and frees it after. One expert's matrix at a time for a bank (each expert is its own layer).
 */
export function dequantizedWeight(op: AnyOp): HeldTensor[] {
  if (op.kind !== 'linear' || !op.attrs.quant) return [];
  return [{ key: `${op.name}#dequantized`, perSample: 0, fixed: op.attrs.inFeatures * op.attrs.outFeatures, role: 'act' }];
}

/**
 * Bytes of weights an op moves per use, for the roofline: its parameters at `weightBytes`, or for a quantized
 * weight the packed bytes read, plus its dequantized copy written and read back at `computeBytes` per element.
 */
export function weightTrafficBytes(op: AnyOp, params: number, weightBytes: number, computeBytes: number): number {
  if (op.kind !== 'linear' || !op.attrs.quant) return params * weightBytes;
  const a = op.attrs;
  const matrix = quantizedLinearParams(a);
  return quantizedLinearBytes(a) + 2 * matrix * computeBytes + (params - matrix) * weightBytes;
}
