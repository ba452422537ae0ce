// buildGraph: unroll a model spec into ordered blocks of ops, dispatching to one builder per family.

import type { ModelSpec } from '../model/types.js';
import { buildConvNext } from './convnext.js';
import { buildDecoder } from './decoder.js';
import { buildEncoder } from './encoder.js';
import { buildEncoderDecoder } from './encoder-decoder.js';
import { buildGeneric } from './generic.js';
import { buildResNet } from './resnet.js';
import { buildSwin } from './swin.js';
import type { Graph, GraphOptions } from './types.js';
import { buildVit } from './vit.js';
import type { AttentionImpl } from '../vocabulary.js';

/** A fused attention kernel skips a causal mask's masked tiles: with `flash`, the graph counts the half it runs. */
export function causalHalfOf(attention: AttentionImpl): boolean {
  return attention === 'flash';
}

export function buildGraph(spec: ModelSpec, options: GraphOptions): Graph {
  switch (spec.family) {
    case 'decoder':
      return buildDecoder(spec, options);
    case 'encoder':
      return buildEncoder(spec, options);
    case 'encoder-decoder':
      return buildEncoderDecoder(spec, options);
    case 'vit':
      return buildVit(spec, options);
    case 'resnet':
      return buildResNet(spec, options);
    case 'convnext':
      return buildConvNext(spec, options);
    case 'swin':
      return buildSwin(spec, options);
    case 'generic':
      return buildGeneric(spec, options);
  }
}
