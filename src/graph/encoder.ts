// BERT-style encoder: embeddings [word + token type + learned positions, LayerNorm, dropout], post-norm
// layers (one block each), optional pooler (dense + tanh on the first token), optional task head, loss.

import { UserError } from '../errors.js';
import type { EncoderSpec } from '../model/types.js';
import { GraphBuilder } from './builder.js';
import { lossBlock } from './loss.js';
import { activation, add, attentionSublayer, dropout, linear, norm } from './parts.js';
import type { Graph, GraphOptions, Tensor } from './types.js';

export function buildEncoder(spec: EncoderSpec, options: GraphOptions): Graph {
  const s = options.seqLen;
  const h = spec.hiddenSize;
  if (s > spec.maxPositions) {
    throw new UserError(`${spec.name}: sequence length ${s} exceeds its ${spec.maxPositions} learned positions`);
  }
  const b = new GraphBuilder();
  const ids = b.tensor(s, 'index', 'input_ids');

  b.begin('embedding', 'embedding', ids);
  let x = b.op('embedding', 'word_embeddings', { tokens: s, numEmbeddings: spec.vocabSize, dim: h }, [ids], s * h);
  if (spec.typeVocabSize > 0) {
    const typeIds = b.tensor(s, 'index', 'token_type_ids');
    const attrs = { tokens: s, numEmbeddings: spec.typeVocabSize, dim: h };
    x = add(b, 'embed_type_add', x, b.op('embedding', 'token_type_embeddings', attrs, [typeIds], s * h));
  }
  const posAttrs = { size: spec.maxPositions * h, outElements: s * h, combine: 'add' as const };
  x = b.op('parameter', 'position_embeddings', posAttrs, [x], s * h);
  x = norm(b, 'layernorm', 'embed_norm', x, s, h, true);
  x = b.end(dropout(b, 'embed_dropout', x, spec.dropout.embedding));

  for (let i = 0; i < spec.numLayers; i++) {
    b.begin(`layers.${i}`, 'transformer', x, true);
    x = b.end(encoderLayer(b, spec, `layers.${i}`, x, s));
  }

  let pooled: Tensor | null = null;
  if (spec.pooler) {
    b.begin('pooler', 'pooler', x);
    pooled = b.end(activation(b, 'pooler.act', linear(b, 'pooler.dense', x, 1, h, h, true), 'tanh'));
  }

  if (spec.head === 'mlm') {
    b.begin('mlm_head', 'head', x);
    let t = linear(b, 'mlm.transform', x, s, h, h, true);
    t = norm(b, 'layernorm', 'mlm.norm', activation(b, 'mlm.act', t, spec.activation), s, h, true);
    // the decoder's weight is the word embedding table; only its vocab-size bias is its own
    const logits = b.end(linear(b, 'mlm.decoder', t, s, h, spec.vocabSize, true, true));
    lossBlock(b, logits, s, spec.vocabSize);
  } else if (spec.head === 'classifier') {
    const labels = spec.numLabels ?? 2;
    // reads the pooled vector, or the first token of the last layer when there is no pooler
    const feats = pooled ?? x;
    b.begin('classifier', 'head', feats);
    const p = spec.dropout.residual;
    const dropped = p > 0 ? b.op('dropout', 'classifier.dropout', { elements: h, p }, [feats], h) : feats;
    const logits = b.end(linear(b, 'classifier', dropped, 1, h, labels, true));
    lossBlock(b, logits, 1, labels);
  }
  return b.finish(spec.name, ids, s, options);
}

function encoderLayer(b: GraphBuilder, spec: EncoderSpec, p: string, x: Tensor, s: number): Tensor {
  const h = spec.hiddenSize;
  const attn = attentionSublayer(b, `${p}.attn`, x, {
    seqLen: s,
    hidden: h,
    heads: spec.numHeads,
    kvHeads: spec.numHeads,
    headDim: h / spec.numHeads,
    qkvBias: true,
    outBias: true,
    causal: false,
    skipMasked: false,
    rotary: false,
    attnDropout: spec.dropout.attention,
  });
  const r1 = add(b, `${p}.residual1`, x, dropout(b, `${p}.attn_dropout`, attn, spec.dropout.residual));
  const x1 = norm(b, 'layernorm', `${p}.norm1`, r1, s, h, true);
  const ff = spec.intermediateSize;
  const fc1 = linear(b, `${p}.mlp.fc1`, x1, s, h, ff, true);
  const fc2 = linear(b, `${p}.mlp.fc2`, activation(b, `${p}.mlp.act`, fc1, spec.activation), s, ff, h, true);
  const r2 = add(b, `${p}.residual2`, x1, dropout(b, `${p}.mlp_dropout`, fc2, spec.dropout.residual));
  return norm(b, 'layernorm', `${p}.norm2`, r2, s, h, true);
}
