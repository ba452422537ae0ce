// ConvNextForImageClassification. Defaults of transformers' ConvNextConfig: 3 channels, patch_size 4, num_stages 4,
// hidden_sizes [96, 192, 384, 768], depths [3, 3, 9, 3], hidden_act gelu, layer_scale_init_value 1e-6,
// drop_path_rate 0, image_size 224. Its modules are torchvision's, one for one: a patchify conv and a channels-first
// LayerNorm; no downsampling before the first stage, a LayerNorm + 2×2 stride-2 conv before each later one; blocks
// of a 7×7 depthwise conv, LayerNorm, Linear C→4C, activation, Linear 4C→C, a per-channel layer scale, drop path
// at linspace(0, drop_path_rate, blocks) (torchvision's j/(n−1) schedule); mean pool, LayerNorm, classifier. So
// a config maps onto the convnext family exactly when its activation is gelu and it has layer scale.
import type { ConvNextSpec } from '../types.js';
import type { HfReader } from './reader.js';

export function mapConvNext(r: HfReader, base: { name: string; source: string }): ConvNextSpec {
  if (r.str('hidden_act', 'gelu') !== 'gelu') r.fail('hidden_act', 'only gelu ConvNeXts are supported (the family runs GELU between its linears)');
  const scale = r.has('layer_scale_init_value') ? r.json.layer_scale_init_value : 1e-6;
  if (typeof scale !== 'number') r.fail('layer_scale_init_value', `must be a number, got ${JSON.stringify(scale)}`);
  if (scale <= 0) r.fail('layer_scale_init_value', 'a ConvNeXt without layer scale (value <= 0) is not supported: the family always has it');
  const depths = r.intList('depths', [3, 3, 9, 3]);
  const widths = r.intList('hidden_sizes', [96, 192, 384, 768]);
  const stages = r.int('num_stages', 4);
  if (depths.length !== stages) r.fail('depths', `has ${depths.length} stages, num_stages says ${stages}`);
  if (widths.length !== stages) r.fail('hidden_sizes', `has ${widths.length} stages, num_stages says ${stages}`);
  return {
    ...base,
    family: 'convnext',
    layers: depths,
    widths,
    patchSize: r.int('patch_size', 4),
    stochasticDepth: r.prob('drop_path_rate', 0),
    numClasses: r.numLabels(),
    imageSize: r.int('image_size', 224),
    channels: r.int('num_channels', 3),
  };
}
