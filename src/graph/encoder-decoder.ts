// T5-style encoder-decoder (Raffel et al. 2020), as Hugging Face's T5ForConditionalGeneration builds it.
// Blocks, in the order they run: encoder.embedding · encoder.layers.* · encoder.final_norm · decoder.embedding ·
// decoder.layers.* · decoder.final_norm · lm_head · loss.
//
// Two tensors cross block boundaries besides the chain (`readLater`, src/graph/types.ts):
//   - the encoder output E (encoder.final_norm's output): every decoder layer's cross-attention projects its keys
//     and values from it, so it lives from the end of the encoder until the first decoder layer's backward; it is
//     counted once, by the block that makes it, never per reader;
//   - each stack's relative position bias (heads × query × key per sample: Hugging Face computes it once, in the
//     first layer, adds the attention mask, and hands the sum to every later layer).
// The bias tables (numBuckets × heads) are looked up in each stack's embedding block rather than in its first
// layer as in Hugging Face: the parameter total is the same; only which block owns those few parameters moves.
// The decoder's token embedding reads the encoder's table (`shared`), and a tied LM head reads it too.

import type { EncoderDecoderSpec } from '../model/types.js';
import { GraphBuilder } from './builder.js';
import { lossBlock } from './loss.js';
import { activation, add, dropout, linear, norm } from './parts.js';
import type { Graph, GraphOptions, Tensor } from './types.js';

export function buildEncoderDecoder(spec: EncoderDecoderSpec, options: GraphOptions): Graph {
  const s = options.seqLen;
  const t = options.targetLen ?? s;
  const h = spec.hiddenSize;
  const b = new GraphBuilder();
  const ids = b.tensor(s, 'index', 'input_ids');

  b.begin('encoder.embedding', 'embedding', ids);
  let x = b.op('embedding', 'shared', { tokens: s, numEmbeddings: spec.vocabSize, dim: h }, [ids], s * h);
  x = dropout(b, 'encoder.embed_dropout', x, spec.dropout.embedding);
  const encoderBias = positionBias(b, spec, 'encoder', s);
  x = b.end(x);
  for (let i = 0; i < spec.numLayers; i++) {
    b.begin(`encoder.layers.${i}`, 'transformer', x, true);
    const x1 = attention(b, spec, `encoder.layers.${i}`, 'attn', x, s, { len: s, bias: encoderBias, causal: false });
    x = b.end(feedForward(b, spec, `encoder.layers.${i}`, x1, s));
  }
  b.begin('encoder.final_norm', 'final-norm', x);
  const encoded = dropout(b, 'encoder.final_dropout', norm(b, 'rmsnorm', 'encoder.final_norm', x, s, h, false), spec.dropout.embedding);
  encoded.readLater = true;
  x = b.end(encoded);

  // the decoder's first block takes the encoder output as its chain input but reads the target ids
  b.begin('decoder.embedding', 'embedding', x);
  const targetIds = b.tensor(t, 'index', 'decoder_input_ids');
  let y = b.op('embedding', 'decoder.embed_tokens', { tokens: t, numEmbeddings: spec.vocabSize, dim: h, tiedWeight: true }, [targetIds], t * h);
  y = dropout(b, 'decoder.embed_dropout', y, spec.dropout.embedding);
  const decoderBias = positionBias(b, spec, 'decoder', t);
  y = b.end(y);
  for (let i = 0; i < spec.numDecoderLayers; i++) {
    const p = `decoder.layers.${i}`;
    b.begin(p, 'transformer', y, true);
    const y1 = attention(b, spec, p, 'attn', y, t, { len: t, bias: decoderBias, causal: true });
    const y2 = attention(b, spec, p, 'cross', y1, t, { from: encoded, len: s, causal: false });
    y = b.end(feedForward(b, spec, p, y2, t));
  }
  b.begin('decoder.final_norm', 'final-norm', y);
  y = b.end(dropout(b, 'decoder.final_dropout', norm(b, 'rmsnorm', 'decoder.final_norm', y, t, h, false), spec.dropout.embedding));

  // A tied head multiplies its input by hiddenSize^-0.5 first: t·h multiplies that keep nothing for backward,
  // beside the head's 2·t·h·vocab FLOPs; left out of the graph (docs/spec-format.md, not modelled).
  b.begin('lm_head', 'head', y);
  const logits = b.end(linear(b, 'lm_head', y, t, h, spec.vocabSize, false, spec.tiedEmbeddings));
  lossBlock(b, logits, t, spec.vocabSize, options.loss);
  return b.finish(spec.name, ids, s + t, options);
}

/**
 * The stack's relative position bias: one bucket per (query, key) pair (fixed, the same for every sample), a
 * numBuckets × heads table, and the per-sample sum with the attention mask that every layer adds to its scores.
 */
function positionBias(b: GraphBuilder, spec: EncoderDecoderSpec, prefix: string, len: number): Tensor {
  const buckets = b.tensor(0, 'index', `${prefix}.relative_buckets`, len * len);
  const attrs = { tokens: len * len, numEmbeddings: spec.relativeBuckets, dim: spec.numHeads };
  const bias = b.op('embedding', `${prefix}.relative_attention_bias`, attrs, [buckets], spec.numHeads * len * len);
  bias.readLater = true;
  return bias;
}

function attentionOp(b: GraphBuilder, spec: EncoderDecoderSpec, name: string, inputs: Tensor[], queryLen: number, keyLen: number, causal: boolean): Tensor {
  const attrs = {
    heads: spec.numHeads,
    kvHeads: spec.numHeads,
    queryLen,
    keyLen,
    headDim: spec.headDim,
    causal,
    // a float bias on the scores rules out the causal kernels that skip masked tiles
    skipMasked: false,
    unscaled: true as const,
    // self-attention adds the position bias, cross-attention the encoder mask Hugging Face adds in its place
    scoreAdds: 1,
    dropout: spec.dropout.attention,
  };
  return b.op('attention', name, attrs, inputs, queryLen * spec.numHeads * spec.headDim);
}

/** Where an attention sub-layer reads its keys and values, and what it adds to its scores. */
interface Keys {
  /** the encoder output (cross-attention); absent: the sub-layer's own normed input (self-attention) */
  from?: Tensor;
  len: number;
  /** the stack's position bias (self-attention) */
  bias?: Tensor;
  causal: boolean;
}

/**
 * Pre-norm attention and its residual: self-attention with the stack's position bias, or cross-attention with
 * queries from the decoder's tokens and keys and values projected from the encoder output (no position bias:
 * Hugging Face adds the encoder's attention mask in its place).
 */
function attention(b: GraphBuilder, spec: EncoderDecoderSpec, p: string, part: string, x: Tensor, len: number, keys: Keys): Tensor {
  const h = spec.hiddenSize;
  const inner = spec.numHeads * spec.headDim;
  const normed = norm(b, 'rmsnorm', `${p}.norm_${part}`, x, len, h, false);
  const source = keys.from ?? normed;
  const q = linear(b, `${p}.${part}.q`, normed, len, h, inner, false);
  const k = linear(b, `${p}.${part}.k`, source, keys.len, h, inner, false);
  const v = linear(b, `${p}.${part}.v`, source, keys.len, h, inner, false);
  const inputs = keys.bias ? [q, k, v, keys.bias] : [q, k, v];
  const ctx = attentionOp(b, spec, `${p}.${part}.sdpa`, inputs, len, keys.len, keys.causal);
  const o = linear(b, `${p}.${part}.o`, ctx, len, inner, h, false);
  return add(b, `${p}.residual_${part}`, x, dropout(b, `${p}.${part}_dropout`, o, spec.dropout.residual));
}

/** Pre-norm FFN (wi, act, dropout, wo; gated: act(wi_0)·wi_1) and its residual. */
function feedForward(b: GraphBuilder, spec: EncoderDecoderSpec, p: string, x: Tensor, n: number): Tensor {
  const h = spec.hiddenSize;
  const ff = spec.intermediateSize;
  const normed = norm(b, 'rmsnorm', `${p}.norm_mlp`, x, n, h, false);
  let hidden: Tensor;
  if (spec.mlp === 'gated') {
    const gate = activation(b, `${p}.mlp.act`, linear(b, `${p}.mlp.wi_0`, normed, n, h, ff, false), spec.activation);
    const up = linear(b, `${p}.mlp.wi_1`, normed, n, h, ff, false);
    hidden = b.op('mul', `${p}.mlp.mul`, { elements: n * ff }, [gate, up], n * ff);
  } else {
    hidden = activation(b, `${p}.mlp.act`, linear(b, `${p}.mlp.wi`, normed, n, h, ff, false), spec.activation);
  }
  const out = linear(b, `${p}.mlp.wo`, dropout(b, `${p}.mlp.dropout`, hidden, spec.dropout.residual), n, ff, h, false);
  return add(b, `${p}.residual_mlp`, x, dropout(b, `${p}.mlp_dropout`, out, spec.dropout.residual));
}
