// Vision Transformer: patch embedding [conv k = stride = patch, class token, position table, dropout],
// pre-norm layers (one block each), final LayerNorm, optional pooler, classifier on the class token, loss.

import { UserError } from '../errors.js';
import type { VitSpec } from '../model/types.js';
import { GraphBuilder } from './builder.js';
import { lossBlock } from './loss.js';
import { activation, add, attentionSublayer, dropout, linear, norm } from './parts.js';
import type { Graph, GraphOptions, Tensor } from './types.js';
import { conv2d } from './vision-parts.js';

export function buildVit(spec: VitSpec, options: GraphOptions): Graph {
  if (spec.imageSize % spec.patchSize !== 0) {
    throw new UserError(`${spec.name}: image size ${spec.imageSize} is not a multiple of patch size ${spec.patchSize}`);
  }
  const h = spec.hiddenSize;
  const side = spec.imageSize / spec.patchSize;
  const patches = side * side;
  const s = patches + (spec.classToken ? 1 : 0);
  const b = new GraphBuilder();
  const image = b.tensor(spec.channels * spec.imageSize * spec.imageSize, 'act', 'image');

  b.begin('embedding', 'embedding', image);
  const fm = { t: image, c: spec.channels, h: spec.imageSize, w: spec.imageSize };
  let x = conv2d(b, 'patch_embed', fm, h, spec.patchSize, spec.patchSize, 0, true).t;
  if (spec.classToken) {
    x = b.op('parameter', 'cls_token', { size: h, outElements: s * h, combine: 'concat' }, [x], s * h);
  }
  x = b.op('parameter', 'position_embeddings', { size: s * h, outElements: s * h, combine: 'add' }, [x], s * h);
  x = b.end(dropout(b, 'embed_dropout', x, spec.dropout.embedding));

  for (let i = 0; i < spec.numLayers; i++) {
    b.begin(`layers.${i}`, 'transformer', x, true);
    x = b.end(vitLayer(b, spec, `layers.${i}`, x, s));
  }

  b.begin('final_norm', 'final-norm', x);
  x = b.end(norm(b, 'layernorm', 'final_norm', x, s, h, true));

  // the class token (first row) represents the image; without one, the tokens are averaged
  let feats: Tensor = x;
  if (spec.pooler) {
    b.begin('pooler', 'pooler', x);
    feats = b.end(activation(b, 'pooler.act', linear(b, 'pooler.dense', x, 1, h, h, true), 'tanh'));
  } else if (!spec.classToken && spec.numClasses > 0) {
    b.begin('pooler', 'pooler', x);
    feats = b.end(b.op('global-avgpool', 'token_mean', { channels: h, inH: s, inW: 1 }, [x], h));
  }

  if (spec.numClasses > 0) {
    b.begin('classifier', 'head', feats);
    const logits = b.end(linear(b, 'classifier', feats, 1, h, spec.numClasses, true));
    lossBlock(b, logits, 1, spec.numClasses);
  }
  return b.finish(spec.name, image, 1, options);
}

function vitLayer(b: GraphBuilder, spec: VitSpec, p: string, x: Tensor, s: number): Tensor {
  const h = spec.hiddenSize;
  const n1 = norm(b, 'layernorm', `${p}.norm1`, x, s, h, true);
  const attn = attentionSublayer(b, `${p}.attn`, n1, {
    seqLen: s,
    hidden: h,
    heads: spec.numHeads,
    kvHeads: spec.numHeads,
    headDim: h / spec.numHeads,
    qkvBias: spec.qkvBias,
    outBias: true,
    causal: false,
    skipMasked: false,
    rotary: false,
    attnDropout: spec.dropout.attention,
  });
  const x1 = add(b, `${p}.residual1`, x, dropout(b, `${p}.attn_dropout`, attn, spec.dropout.residual));
  const n2 = norm(b, 'layernorm', `${p}.norm2`, x1, s, h, true);
  const ff = spec.intermediateSize;
  const fc1 = linear(b, `${p}.mlp.fc1`, n2, s, h, ff, true);
  const fc2 = linear(b, `${p}.mlp.fc2`, activation(b, `${p}.mlp.act`, fc1, spec.activation), s, ff, h, true);
  return add(b, `${p}.residual2`, x1, dropout(b, `${p}.mlp_dropout`, fc2, spec.dropout.residual));
}
