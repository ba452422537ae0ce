// Decoder-only LM (Llama, Mistral, Qwen2, Gemma, GPT-2): pre-norm layers, one block each.
// Blocks: embedding [token embedding, learned positions, dropout] · layers · final norm · LM head · loss.

import { UserError } from '../errors.js';
import type { DecoderSpec } from '../model/types.js';
import { GraphBuilder } from './builder.js';
import { lossBlock } from './loss.js';
import { moeMlp } from './moe.js';
import { activation, add, attentionSublayer, dropout, linear, norm } from './parts.js';
import type { Graph, GraphOptions, Tensor } from './types.js';

export function buildDecoder(spec: DecoderSpec, options: GraphOptions): Graph {
  const s = options.seqLen;
  const h = spec.hiddenSize;
  if (spec.positions === 'learned' && s > spec.maxPositions) {
    throw new UserError(`${spec.name}: sequence length ${s} exceeds its ${spec.maxPositions} learned positions`);
  }
  const headDim = spec.headDim ?? h / spec.numHeads;
  const b = new GraphBuilder();
  const ids = b.tensor(s, 'index', 'input_ids');

  b.begin('embedding', 'embedding', ids);
  let x = b.op('embedding', 'embed_tokens', { tokens: s, numEmbeddings: spec.vocabSize, dim: h }, [ids], s * h);
  if (spec.positions === 'learned') {
    const attrs = { size: spec.maxPositions * h, outElements: s * h, combine: 'add' as const };
    x = b.op('parameter', 'embed_positions', attrs, [x], s * h);
  }
  x = b.end(dropout(b, 'embed_dropout', x, spec.dropout.embedding));

  for (let i = 0; i < spec.numLayers; i++) {
    b.begin(`layers.${i}`, 'transformer', x, true);
    x = b.end(decoderLayer(b, spec, i, x, s, headDim, options.causalHalf ?? false));
  }

  b.begin('final_norm', 'final-norm', x);
  x = b.end(norm(b, spec.norm, 'final_norm', x, s, h, spec.bias.norm));

  b.begin('lm_head', 'head', x);
  const logits = b.end(linear(b, 'lm_head', x, s, h, spec.vocabSize, spec.bias.lmHead, spec.tiedEmbeddings));

  lossBlock(b, logits, s, spec.vocabSize, options.loss);
  return b.finish(spec.name, ids, s, options);
}

function decoderLayer(b: GraphBuilder, spec: DecoderSpec, layer: number, x: Tensor, s: number, headDim: number, causalHalf: boolean): Tensor {
  const p = `layers.${layer}`;
  const h = spec.hiddenSize;
  const n1 = norm(b, spec.norm, `${p}.norm1`, x, s, h, spec.bias.norm);
  const attn = attentionSublayer(b, `${p}.attn`, n1, {
    seqLen: s,
    hidden: h,
    heads: spec.numHeads,
    kvHeads: spec.numKvHeads,
    headDim,
    qkvBias: spec.bias.qkv,
    outBias: spec.bias.attnOut,
    causal: true,
    skipMasked: causalHalf,
    rotary: spec.positions === 'rotary',
    attnDropout: spec.dropout.attention,
    ...(spec.slidingWindow !== undefined ? { window: spec.slidingWindow } : {}),
  });
  const x1 = add(b, `${p}.residual1`, x, dropout(b, `${p}.attn_dropout`, attn, spec.dropout.residual));

  const n2 = norm(b, spec.norm, `${p}.norm2`, x1, s, h, spec.bias.norm);
  const ff = spec.intermediateSize;
  let mlp: Tensor;
  if (spec.moe && layer >= spec.moe.denseLayers) {
    mlp = moeMlp(b, { ...spec, moe: spec.moe }, p, n2, s);
  } else if (spec.mlp === 'gated') {
    const gate = linear(b, `${p}.mlp.gate`, n2, s, h, ff, spec.bias.mlp);
    const up = linear(b, `${p}.mlp.up`, n2, s, h, ff, spec.bias.mlp);
    const act = activation(b, `${p}.mlp.act`, gate, spec.activation);
    const prod = b.op('mul', `${p}.mlp.mul`, { elements: s * ff }, [act, up], s * ff);
    mlp = linear(b, `${p}.mlp.down`, prod, s, ff, h, spec.bias.mlp);
  } else {
    const fc1 = linear(b, `${p}.mlp.fc1`, n2, s, h, ff, spec.bias.mlp);
    mlp = linear(b, `${p}.mlp.fc2`, activation(b, `${p}.mlp.act`, fc1, spec.activation), s, ff, h, spec.bias.mlp);
  }
  return add(b, `${p}.residual2`, x1, dropout(b, `${p}.mlp_dropout`, mlp, spec.dropout.residual));
}
