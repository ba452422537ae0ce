// Swin Transformer (Liu et al. 2021) as torchvision builds it (torchvision.models.swin_transformer, v1): a patchify
// stem [conv k = stride = patch, LayerNorm], stages of pre-norm blocks [LayerNorm, shifted-window attention,
// stochastic depth, residual; LayerNorm, MLP C→4C→C with GELU, stochastic depth, residual], patch merging between
// stages [2×2 neighbourhoods concatenated to 4C channels, LayerNorm, Linear 4C→2C without bias], a final
// LayerNorm, global average pool and the classifier. Blocks: stem · one per Swin block (the first block of a later
// stage also holds the patch merging before it, as ConvNeXt's first block holds its downsampling) · head · loss.
//
// Window attention is one attention op over heads·windows independent (head, window) pairs of windowSize² tokens
// each: its products cost heads·windows·M²·M²·d MACs apiece, the windows' share of a full attention's. Each block
// owns a (2M − 1)² × heads table of relative position biases, gathered into a heads × M² × M² bias added to the
// scaled scores of every window; a shifted block (every second one, when the window is smaller than the map) adds
// the mask that keeps rolled-in tokens apart as a second term. Not modelled: the copies torch.roll, the window
// partition and its reverse make (each the size of the block's input), and the concatenation of patch merging
// (the size of its input): docs/spec-format.md.

import type { SwinSpec } from '../model/types.js';
import { swinWindow } from '../model/semantic.js';
import { GraphBuilder } from './builder.js';
import { lossBlock } from './loss.js';
import { activation, add, linear, norm } from './parts.js';
import type { Graph, GraphOptions, Tensor } from './types.js';
import { channelNorm, conv2d, dropPath, globalAvgpool, stochasticDepthOf, type FeatureMap } from './vision-parts.js';

export function buildSwin(spec: SwinSpec, options: GraphOptions): Graph {
  const b = new GraphBuilder();
  const image = b.tensor(spec.channels * spec.imageSize * spec.imageSize, 'act', 'image');
  const input: FeatureMap = { t: image, c: spec.channels, h: spec.imageSize, w: spec.imageSize };

  b.begin('stem', 'stem', image);
  let x = conv2d(b, 'stem.conv', input, spec.embedDim, spec.patchSize, spec.patchSize, 0, true);
  x = channelNorm(b, 'stem.norm', x);
  b.end(x.t);

  const total = spec.layers.reduce((s, n) => s + n, 0);
  let index = 0;
  spec.layers.forEach((count, stage) => {
    for (let i = 0; i < count; i++) {
      const name = `stages.${stage}.${i}`;
      b.begin(name, 'transformer', x.t, true);
      if (stage > 0 && i === 0) x = patchMerging(b, `merge.${stage}`, x);
      const p = stochasticDepthOf(spec, index++, total);
      x = swinBlock(b, spec, name, x, spec.heads[stage]!, i % 2 === 1, p);
      b.end(x.t);
    }
  });

  b.begin('head', 'head', x.t);
  const pooled = globalAvgpool(b, 'head.avgpool', channelNorm(b, 'head.norm', x));
  const logits = b.end(linear(b, 'head.fc', pooled, 1, x.c, spec.numClasses, true));
  lossBlock(b, logits, 1, spec.numClasses);
  return b.finish(spec.name, image, 1, options);
}

/** 2×2 neighbourhoods to 4C channels at half the side, LayerNorm, Linear 4C → 2C (no bias). */
function patchMerging(b: GraphBuilder, p: string, x: FeatureMap): FeatureMap {
  const side = x.h / 2;
  const rows = side * (x.w / 2);
  // the concatenated neighbourhoods hold as many elements as x: the norm reads them as rows of 4C
  const normed = norm(b, 'layernorm', `${p}.norm`, x.t, rows, 4 * x.c, true);
  return { t: linear(b, `${p}.reduction`, normed, rows, 4 * x.c, 2 * x.c, false), c: 2 * x.c, h: side, w: x.w / 2 };
}

function swinBlock(b: GraphBuilder, spec: SwinSpec, p: string, x: FeatureMap, heads: number, odd: boolean, dropProbability: number): FeatureMap {
  const c = x.c;
  const rows = x.h * x.w;
  const m = swinWindow(spec.windowSize, x.h);
  const shifted = odd && m < x.h;
  const tokens = m * m;
  const windows = rows / tokens;
  const normed = norm(b, 'layernorm', `${p}.norm1`, x.t, rows, c, true);
  // torchvision's qkv is one Linear C → 3C; as three its weights, FLOPs and saved tensors are the same
  const [q, k, v] = (['q', 'k', 'v'] as const).map((n) => linear(b, `${p}.attn.${n}`, normed, rows, c, c, true)) as [Tensor, Tensor, Tensor];
  const table = b.tensor(0, 'index', `${p}.attn.relative_position_index`, tokens * tokens);
  const biasAttrs = { tokens: tokens * tokens, numEmbeddings: (2 * m - 1) ** 2, dim: heads };
  // the gathered bias is the same for every sample and window (broadcast onto the scores)
  const bias = b.op('embedding', `${p}.attn.relative_position_bias`, biasAttrs, [table], 0);
  bias.fixed = heads * tokens * tokens;
  const attrs = {
    heads: heads * windows,
    kvHeads: heads * windows,
    queryLen: tokens,
    keyLen: tokens,
    headDim: c / heads,
    causal: false,
    skipMasked: false,
    scoreAdds: shifted ? 2 : 1,
    dropout: 0,
  };
  const ctx = b.op('attention', `${p}.attn.sdpa`, attrs, [q, k, v, bias], rows * c);
  const attn = dropPath(b, `${p}.attn_drop_path`, linear(b, `${p}.attn.proj`, ctx, rows, c, c, true), dropProbability);
  const x1 = add(b, `${p}.residual1`, x.t, attn);
  const n2 = norm(b, 'layernorm', `${p}.norm2`, x1, rows, c, true);
  const hidden = activation(b, `${p}.mlp.act`, linear(b, `${p}.mlp.fc1`, n2, rows, c, 4 * c, true), 'gelu');
  const mlp = dropPath(b, `${p}.mlp_drop_path`, linear(b, `${p}.mlp.fc2`, hidden, rows, 4 * c, c, true), dropProbability);
  return { ...x, t: add(b, `${p}.residual2`, x1, mlp) };
}
