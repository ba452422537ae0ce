// ResNetForImageClassification. Defaults of transformers' ResNetConfig: 3 channels, embedding_size 64,
// hidden_sizes [256, 512, 1024, 2048], depths [3, 4, 6, 3], layer_type "bottleneck", hidden_act relu,
// downsample_in_first_stage false, image_size 224; newer versions add downsample_in_bottleneck (false: the stride
// sits on the 3x3 conv, i.e. v1.5). Its stem is the torchvision one (7x7/2 conv, BN, ReLU, 3x3/2 max-pool), the
// bottleneck reduces by 4, shortcuts are 1x1 conv + BN where shape changes, the classifier is one linear layer.
// Our ResNetSpec covers exactly the configs whose stage widths are baseWidth * 2^i (times 4 for bottleneck) with
// baseWidth = embedding_size; anything else is rejected with the key that breaks it.
import type { ResNetSpec } from '../types.js';
import type { HfReader } from './reader.js';

export function mapResNet(r: HfReader, base: { name: string; source: string }): ResNetSpec {
  const layerType = r.str('layer_type', 'bottleneck');
  if (layerType !== 'basic' && layerType !== 'bottleneck') r.fail('layer_type', `must be "basic" or "bottleneck", got "${layerType}"`);
  if (r.str('hidden_act', 'relu') !== 'relu') r.fail('hidden_act', 'only relu ResNets are supported');
  if (r.bool('downsample_in_first_stage', false)) {
    r.fail('downsample_in_first_stage', 'a first stage with stride 2 is not supported (torchvision layout has stride 1)');
  }
  if (r.bool('downsample_in_bottleneck', false)) {
    r.fail('downsample_in_bottleneck', 'ResNet v1 (stride on the first 1x1 conv) is not supported; the spec is v1.5');
  }
  const baseWidth = r.int('embedding_size', 64);
  const depths = r.intList('depths', [3, 4, 6, 3]);
  const hiddenSizes = r.intList('hidden_sizes', [256, 512, 1024, 2048]);
  if (hiddenSizes.length !== depths.length) {
    r.fail('hidden_sizes', `has ${hiddenSizes.length} stages but depths has ${depths.length}`);
  }
  const expansion = layerType === 'bottleneck' ? 4 : 1;
  const expected = depths.map((_, i) => baseWidth * expansion * 2 ** i);
  if (hiddenSizes.some((h, i) => h !== expected[i])) {
    r.fail(
      'hidden_sizes',
      `must be [${expected.join(', ')}] (embedding_size ${baseWidth} x ${expansion} x 2^stage) to match a standard ResNet, got [${hiddenSizes.join(', ')}]`,
    );
  }
  return {
    ...base,
    family: 'resnet',
    block: layerType,
    layers: depths,
    stem: 'imagenet',
    baseWidth,
    numClasses: r.numLabels(),
    imageSize: r.int('image_size', 224),
    channels: r.int('num_channels', 3),
  };
}
