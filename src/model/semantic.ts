// Checks the schema cannot express: divisibility of heads, sizes that must fit each other, shapes.
import type { SwinSpec, ConvNextSpec, DecoderSpec, EncoderDecoderSpec, EncoderSpec, GenericSpec, ModelSpec, ResNetSpec, VitSpec } from './types.js';
import type { Problem } from './schema-errors.js';
import { inferGenericShapes } from './generic-shapes.js';

function headsDivide(hiddenSize: number, numHeads: number): Problem | undefined {
  if (hiddenSize % numHeads === 0) return undefined;
  return { path: '/numHeads', reason: `numHeads (${numHeads}) must divide hiddenSize (${hiddenSize})` };
}

function decoder(s: DecoderSpec): Problem | undefined {
  if (s.headDim === undefined && s.hiddenSize % s.numHeads !== 0) {
    return {
      path: '/numHeads',
      reason: `numHeads (${s.numHeads}) must divide hiddenSize (${s.hiddenSize}) unless headDim is given`,
    };
  }
  if (s.numHeads % s.numKvHeads !== 0) {
    return { path: '/numKvHeads', reason: `numKvHeads (${s.numKvHeads}) must divide numHeads (${s.numHeads})` };
  }
  // RoPE rotates pairs of channels, so a rotary head needs an even size.
  const headDim = s.headDim ?? s.hiddenSize / s.numHeads;
  if (s.positions === 'rotary' && headDim % 2 !== 0) {
    return { path: s.headDim === undefined ? '/numHeads' : '/headDim', reason: `rotary positions need an even head size, got ${headDim}` };
  }
  if (s.moe && s.moe.topK > s.moe.experts) {
    return { path: '/moe/topK', reason: `routes each token to ${s.moe.topK} experts but there are ${s.moe.experts}` };
  }
  if (s.moe && s.moe.denseLayers > s.numLayers) {
    return { path: '/moe/denseLayers', reason: `${s.moe.denseLayers} dense layers, more than the ${s.numLayers} layers` };
  }
  return undefined;
}

function encoder(s: EncoderSpec): Problem | undefined {
  const heads = headsDivide(s.hiddenSize, s.numHeads);
  if (heads) return heads;
  if (s.head === 'classifier' && s.numLabels === undefined) {
    return { path: '/numLabels', reason: 'head "classifier" needs numLabels' };
  }
  if (s.head !== 'classifier' && s.numLabels !== undefined) {
    return { path: '/numLabels', reason: `numLabels is only used by head "classifier", but head is "${s.head}"` };
  }
  return undefined;
}

function encoderDecoder(s: EncoderDecoderSpec): Problem | undefined {
  // Hugging Face buckets relative positions into halves (bidirectional) and a log-spaced range: at least 2 buckets
  if (s.relativeBuckets < 2) return { path: '/relativeBuckets', reason: `needs at least 2 buckets, got ${s.relativeBuckets}` };
  return undefined;
}

function vit(s: VitSpec): Problem | undefined {
  const heads = headsDivide(s.hiddenSize, s.numHeads);
  if (heads) return heads;
  if (s.imageSize % s.patchSize !== 0) {
    return { path: '/patchSize', reason: `patchSize (${s.patchSize}) must divide imageSize (${s.imageSize})` };
  }
  return undefined;
}

function resnet(s: ResNetSpec): Problem | undefined {
  // The imagenet stem halves twice (conv, max-pool), the cifar one not at all; every stage after the first halves.
  const stride = (s.stem === 'imagenet' ? 4 : 1) * 2 ** (s.layers.length - 1);
  if (s.imageSize < stride) {
    return {
      path: '/imageSize',
      reason: `imageSize (${s.imageSize}) is smaller than the network's total downsampling (${stride}) with the ${s.stem} stem and ${s.layers.length} stages`,
    };
  }
  return undefined;
}

function convnext(s: ConvNextSpec): Problem | undefined {
  if (s.widths.length !== s.layers.length) {
    return { path: '/widths', reason: `${s.widths.length} widths for ${s.layers.length} stages: give one width per stage` };
  }
  // the stem divides by patchSize, every stage after the first halves
  const stride = s.patchSize * 2 ** (s.layers.length - 1);
  if (s.imageSize < stride) {
    return {
      path: '/imageSize',
      reason: `imageSize (${s.imageSize}) is smaller than the network's total downsampling (${stride}) with patchSize ${s.patchSize} and ${s.layers.length} stages`,
    };
  }
  return undefined;
}

function swin(s: SwinSpec): Problem | undefined {
  if (s.heads.length !== s.layers.length) {
    return { path: '/heads', reason: `${s.heads.length} head counts for ${s.layers.length} stages: give one per stage` };
  }
  if (s.imageSize % s.patchSize !== 0) return { path: '/patchSize', reason: `patchSize (${s.patchSize}) must divide imageSize (${s.imageSize})` };
  let side = s.imageSize / s.patchSize;
  for (const [i, heads] of s.heads.entries()) {
    const width = s.embedDim * 2 ** i;
    if (width % heads !== 0) return { path: `/heads/${i}`, reason: `${heads} heads must divide stage ${i + 1}'s ${width} channels` };
    // torchvision pads a feature map to whole windows; segplan plans only maps that need no padding
    const window = swinWindow(s.windowSize, side);
    if (side % window !== 0) {
      return { path: '/windowSize', reason: `stage ${i + 1}'s ${side}×${side} feature map is not a whole number of ${window}×${window} windows` };
    }
    if (i + 1 < s.heads.length) {
      if (side % 2 !== 0) return { path: '/imageSize', reason: `stage ${i + 1}'s ${side}×${side} feature map cannot be merged 2×2` };
      side /= 2;
    }
  }
  return undefined;
}

function generic(s: GenericSpec): Problem | undefined {
  const r = inferGenericShapes(s);
  return 'problem' in r ? r.problem : undefined;
}

/** The first semantic problem of a schema-valid spec, or undefined. */
export function semanticProblem(spec: ModelSpec): Problem | undefined {
  switch (spec.family) {
    case 'decoder':
      return decoder(spec);
    case 'encoder':
      return encoder(spec);
    case 'encoder-decoder':
      return encoderDecoder(spec);
    case 'vit':
      return vit(spec);
    case 'resnet':
      return resnet(spec);
    case 'convnext':
      return convnext(spec);
    case 'swin':
      return swin(spec);
    case 'generic':
      return generic(spec);
  }
}

/** Swin's window on a side × side map: torchvision shrinks a window as large as the map to the map (and then nothing shifts). */
export function swinWindow(windowSize: number, side: number): number {
  return Math.min(windowSize, side);
}
