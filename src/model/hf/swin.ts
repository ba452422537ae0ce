// SwinForImageClassification. Defaults of transformers' SwinConfig: image_size 224, patch_size 4, 3 channels,
// embed_dim 96, depths [2, 2, 6, 2], num_heads [3, 6, 12, 24], window_size 7, mlp_ratio 4, qkv_bias true,
// hidden_act gelu, use_absolute_embeddings false, drop_path_rate 0.1. Its modules are torchvision's v1 ones: a
// patch conv and LayerNorm; blocks of LayerNorm, window attention with a per-block relative position bias table
// (shift 0 and the window shrunk to the map where the map is no larger than a window), drop path at
// linspace(0, drop_path_rate, blocks), LayerNorm, MLP; patch merging (LayerNorm 4C, Linear 4C → 2C without bias)
// after every stage but the last; a final LayerNorm, mean pooling and the classifier. So a config maps onto the swin
// family when its MLP is 4C with GELU, q/k/v have biases and there is no absolute position table.
import type { SwinSpec } from '../types.js';
import type { HfReader } from './reader.js';

export function mapSwin(r: HfReader, base: { name: string; source: string }): SwinSpec {
  if (r.str('hidden_act', 'gelu') !== 'gelu') r.fail('hidden_act', 'only gelu Swin Transformers are supported');
  const ratio = r.has('mlp_ratio') ? r.json.mlp_ratio : 4;
  if (ratio !== 4) r.fail('mlp_ratio', `only an MLP of 4 × the width is supported, got ${JSON.stringify(ratio)}`);
  if (!r.bool('qkv_bias', true)) r.fail('qkv_bias', 'q, k and v without biases are not supported');
  if (r.bool('use_absolute_embeddings', false)) r.fail('use_absolute_embeddings', 'an absolute position table is not supported');
  // SwinSpec has no dropout (torchvision's and SwinConfig's defaults are 0): a config that sets one is refused, not planned without it
  for (const key of ['hidden_dropout_prob', 'attention_probs_dropout_prob']) {
    if (r.prob(key, 0) > 0) r.fail(key, 'dropout inside Swin blocks is not modelled (only 0 is supported)');
  }
  const layers = r.intList('depths', [2, 2, 6, 2]);
  const heads = r.intList('num_heads', [3, 6, 12, 24]);
  if (heads.length !== layers.length) r.fail('num_heads', `has ${heads.length} stages, depths has ${layers.length}`);
  return {
    ...base,
    family: 'swin',
    layers,
    heads,
    embedDim: r.int('embed_dim', 96),
    patchSize: r.int('patch_size', 4),
    windowSize: r.int('window_size', 7),
    stochasticDepth: r.prob('drop_path_rate', 0.1),
    numClasses: r.numLabels(),
    imageSize: r.int('image_size', 224),
    channels: r.int('num_channels', 3),
  };
}
