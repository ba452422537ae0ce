// ConvNeXt as torchvision builds it (torchvision.models.convnext): a patchify stem [conv k = stride = patch,
// LayerNorm over channels], blocks [7×7 depthwise conv, LayerNorm, Linear C→4C, GELU, Linear 4C→C, layer scale,
// stochastic depth, residual add], between stages a LayerNorm and a 2×2 stride-2 conv, then global average
// pool, LayerNorm and the classifier. Blocks: stem · one block per ConvNeXt block (the first block of a stage
// also holds the downsampling before it, as a ResNet stage's first block holds its strided conv) · head · loss.
//
// Feature maps are laid out channels-last (h·w rows of c features), so that a LayerNorm over channels and the
// block's linears act on rows, as torchvision's permuted NHWC tensors do.

import type { ConvNextSpec } from '../model/types.js';
import { GraphBuilder } from './builder.js';
import { lossBlock } from './loss.js';
import { activation, add, linear, norm } from './parts.js';
import type { Graph, GraphOptions } from './types.js';
import { channelNorm, conv2d, dropPath, globalAvgpool, stochasticDepthOf, type FeatureMap } from './vision-parts.js';

export function buildConvNext(spec: ConvNextSpec, options: GraphOptions): Graph {
  const b = new GraphBuilder();
  const image = b.tensor(spec.channels * spec.imageSize * spec.imageSize, 'act', 'image');
  const input: FeatureMap = { t: image, c: spec.channels, h: spec.imageSize, w: spec.imageSize };

  b.begin('stem', 'stem', image);
  let x = channelNorm(b, 'stem.norm', conv2d(b, 'stem.conv', input, spec.widths[0]!, spec.patchSize, spec.patchSize, 0, true));
  b.end(x.t);

  const total = spec.layers.reduce((s, n) => s + n, 0);
  let index = 0;
  spec.layers.forEach((count, stage) => {
    const width = spec.widths[stage]!;
    for (let i = 0; i < count; i++) {
      const name = `stages.${stage}.${i}`;
      b.begin(name, 'convnext-block', x.t, true);
      if (stage > 0 && i === 0) {
        x = conv2d(b, `downsample.${stage}.conv`, channelNorm(b, `downsample.${stage}.norm`, x), width, 2, 2, 0, true);
      }
      x = convNextBlock(b, name, x, stochasticDepthOf(spec, index++, total));
      b.end(x.t);
    }
  });

  b.begin('head', 'head', x.t);
  const c = x.c;
  const pooled = norm(b, 'layernorm', 'head.norm', globalAvgpool(b, 'avgpool', x), 1, c, true);
  const logits = b.end(linear(b, 'head.fc', pooled, 1, c, spec.numClasses, true));

  lossBlock(b, logits, 1, spec.numClasses);
  return b.finish(spec.name, image, 1, options);
}

function convNextBlock(b: GraphBuilder, p: string, x: FeatureMap, dropProbability: number): FeatureMap {
  const rows = x.h * x.w;
  const c = x.c;
  const dw = conv2d(b, `${p}.dwconv`, x, c, 7, 1, 3, true, c);
  const normed = norm(b, 'layernorm', `${p}.norm`, dw.t, rows, c, true);
  const hidden = activation(b, `${p}.act`, linear(b, `${p}.fc1`, normed, rows, c, 4 * c, true), 'gelu');
  const fc2 = linear(b, `${p}.fc2`, hidden, rows, 4 * c, c, true);
  const scaled = b.op('layer-scale', `${p}.layer_scale`, { rows, features: c }, [fc2], fc2.perSample);
  const branch = dropPath(b, `${p}.stochastic_depth`, scaled, dropProbability);
  return { ...x, t: add(b, `${p}.residual`, x.t, branch) };
}
