// ViTModel, ViTForImageClassification. Defaults of transformers' ViTConfig: hidden 768, 12 layers, 12 heads,
// intermediate 3072, gelu, dropouts 0, image 224, patch 16, 3 channels, qkv_bias true; newer versions add
// pooler_output_size (= hidden_size) and pooler_act ("tanh"). A [CLS] token is always prepended.
// ViTModel is built with add_pooling_layer=True (a pooler, no classifier); ViTForImageClassification builds
// ViTModel(add_pooling_layer=False) and a linear classifier over num_labels.
import type { VitSpec } from '../types.js';
import type { HfReader } from './reader.js';

export function mapVit(r: HfReader, base: { name: string; source: string }, arch: 'ViTModel' | 'ViTForImageClassification'): VitSpec {
  const hiddenSize = r.int('hidden_size', 768);
  const pooler = arch === 'ViTModel';
  if (pooler && r.int('pooler_output_size', hiddenSize) !== hiddenSize) {
    r.fail('pooler_output_size', `a pooler of another size than hidden_size (${hiddenSize}) is not supported`);
  }
  if (pooler && r.str('pooler_act', 'tanh') !== 'tanh') r.fail('pooler_act', 'only a tanh pooler is supported');
  const hidden = r.prob('hidden_dropout_prob', 0);
  return {
    ...base,
    family: 'vit',
    hiddenSize,
    numLayers: r.int('num_hidden_layers', 12),
    numHeads: r.int('num_attention_heads', 12),
    intermediateSize: r.int('intermediate_size', 3072),
    activation: r.activation('hidden_act', 'gelu'),
    imageSize: r.int('image_size', 224),
    patchSize: r.int('patch_size', 16),
    channels: r.int('num_channels', 3),
    classToken: true,
    qkvBias: r.bool('qkv_bias', true),
    pooler,
    numClasses: pooler ? 0 : r.numLabels(),
    dropout: { embedding: hidden, attention: r.prob('attention_probs_dropout_prob', 0), residual: hidden },
  };
}
