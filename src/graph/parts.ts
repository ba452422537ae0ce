// Op groups shared by the transformer builders (decoder, encoder, ViT): dense layers, norms, dropout and
// the attention sub-layer. Each appends ops to the builder's open block and returns the output tensor.

import type { Activation, NormKind } from '../model/types.js';
import type { GraphBuilder } from './builder.js';
import type { Tensor } from './types.js';

export function linear(
  b: GraphBuilder,
  name: string,
  x: Tensor,
  rows: number,
  inFeatures: number,
  outFeatures: number,
  bias: boolean,
  tiedWeight = false,
): Tensor {
  const attrs = tiedWeight ? { rows, inFeatures, outFeatures, bias, tiedWeight } : { rows, inFeatures, outFeatures, bias };
  return b.op('linear', name, attrs, [x], rows * outFeatures);
}

export function norm(b: GraphBuilder, kind: NormKind, name: string, x: Tensor, rows: number, features: number, bias: boolean): Tensor {
  return b.op(kind, name, { rows, features, affine: true, bias: kind === 'layernorm' && bias }, [x], rows * features);
}

/** Dropout with p = 0 is not there: the input passes through and no op is added. */
export function dropout(b: GraphBuilder, name: string, x: Tensor, p: number): Tensor {
  if (p <= 0) return x;
  return b.op('dropout', name, { elements: x.perSample, p }, [x], x.perSample);
}

export function activation(b: GraphBuilder, name: string, x: Tensor, fn: Activation): Tensor {
  return b.op('activation', name, { elements: x.perSample, fn }, [x], x.perSample);
}

export function add(b: GraphBuilder, name: string, x: Tensor, y: Tensor): Tensor {
  return b.op('add', name, { elements: x.perSample }, [x, y], x.perSample);
}

export interface AttentionShape {
  seqLen: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  qkvBias: boolean;
  outBias: boolean;
  causal: boolean;
  skipMasked: boolean;
  rotary: boolean;
  attnDropout: number;
  /** sliding-window attention: keys per query */
  window?: number;
}

/**
 * q/k/v projections of `x` (all three read the same tensor object), optional rotary embedding on q and k,
 * one attention op and the output projection. Returns the projection's output (before residual dropout).
 */
export function attentionSublayer(b: GraphBuilder, prefix: string, x: Tensor, s: AttentionShape): Tensor {
  const qSize = s.heads * s.headDim;
  const kvSize = s.kvHeads * s.headDim;
  let q = linear(b, `${prefix}.q`, x, s.seqLen, s.hidden, qSize, s.qkvBias);
  let k = linear(b, `${prefix}.k`, x, s.seqLen, s.hidden, kvSize, s.qkvBias);
  const v = linear(b, `${prefix}.v`, x, s.seqLen, s.hidden, kvSize, s.qkvBias);
  if (s.rotary) {
    q = b.op('rope', `${prefix}.rope_q`, { elements: q.perSample, headDim: s.headDim }, [q], q.perSample);
    k = b.op('rope', `${prefix}.rope_k`, { elements: k.perSample, headDim: s.headDim }, [k], k.perSample);
  }
  const ctx = b.op(
    'attention',
    `${prefix}.sdpa`,
    {
      heads: s.heads,
      kvHeads: s.kvHeads,
      queryLen: s.seqLen,
      keyLen: s.seqLen,
      headDim: s.headDim,
      causal: s.causal,
      skipMasked: s.causal && s.skipMasked,
      dropout: s.attnDropout,
      ...(s.window !== undefined ? { window: s.window } : {}),
    },
    [q, k, v],
    s.seqLen * qSize,
  );
  return linear(b, `${prefix}.o`, ctx, s.seqLen, qSize, s.hidden, s.outBias);
}
