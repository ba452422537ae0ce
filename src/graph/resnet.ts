// ResNet v1.5 as torchvision builds it: bias-free convs each followed by an affine BatchNorm, the stride of
// a bottleneck on its 3×3 conv, a 1×1 conv + BN downsample whenever the shape changes, global average pool
// and a fully connected classifier. Blocks: stem · one block per residual block · head · loss.

import type { ResNetSpec } from '../model/types.js';
import { GraphBuilder } from './builder.js';
import { lossBlock } from './loss.js';
import { add } from './parts.js';
import type { Graph, GraphOptions } from './types.js';
import { batchnorm, conv2d, globalAvgpool, pool, relu, type FeatureMap } from './vision-parts.js';

export function buildResNet(spec: ResNetSpec, options: GraphOptions): Graph {
  const b = new GraphBuilder();
  const image = b.tensor(spec.channels * spec.imageSize * spec.imageSize, 'act', 'image');
  let x: FeatureMap = { t: image, c: spec.channels, h: spec.imageSize, w: spec.imageSize };

  b.begin('stem', 'stem', image);
  if (spec.stem === 'imagenet') {
    x = relu(b, 'stem.relu', batchnorm(b, 'stem.bn', conv2d(b, 'stem.conv', x, spec.baseWidth, 7, 2, 3, false)));
    x = pool(b, 'stem.maxpool', x, 'max', 3, 2, 1);
  } else {
    x = relu(b, 'stem.relu', batchnorm(b, 'stem.bn', conv2d(b, 'stem.conv', x, spec.baseWidth, 3, 1, 1, false)));
  }
  b.end(x.t);

  const expansion = spec.block === 'bottleneck' ? 4 : 1;
  spec.layers.forEach((count, stage) => {
    const planes = spec.baseWidth * 2 ** stage;
    for (let i = 0; i < count; i++) {
      const stride = stage > 0 && i === 0 ? 2 : 1;
      const name = `layer${stage + 1}.${i}`;
      b.begin(name, 'resnet-block', x.t, true);
      x = residualBlock(b, name, x, planes, stride, expansion, spec.block);
      b.end(x.t);
    }
  });

  b.begin('head', 'head', x.t);
  const pooled = globalAvgpool(b, 'avgpool', x);
  const attrs = { rows: 1, inFeatures: x.c, outFeatures: spec.numClasses, bias: true };
  const logits = b.end(b.op('linear', 'fc', attrs, [pooled], spec.numClasses));

  lossBlock(b, logits, 1, spec.numClasses);
  return b.finish(spec.name, image, 1, options);
}

function residualBlock(b: GraphBuilder, p: string, x: FeatureMap, planes: number, stride: number, expansion: number, kind: ResNetSpec['block']): FeatureMap {
  const outC = planes * expansion;
  let y: FeatureMap;
  if (kind === 'bottleneck') {
    y = relu(b, `${p}.relu1`, batchnorm(b, `${p}.bn1`, conv2d(b, `${p}.conv1`, x, planes, 1, 1, 0, false)));
    y = relu(b, `${p}.relu2`, batchnorm(b, `${p}.bn2`, conv2d(b, `${p}.conv2`, y, planes, 3, stride, 1, false)));
    y = batchnorm(b, `${p}.bn3`, conv2d(b, `${p}.conv3`, y, outC, 1, 1, 0, false));
  } else {
    y = relu(b, `${p}.relu1`, batchnorm(b, `${p}.bn1`, conv2d(b, `${p}.conv1`, x, planes, 3, stride, 1, false)));
    y = batchnorm(b, `${p}.bn2`, conv2d(b, `${p}.conv2`, y, planes, 3, 1, 1, false));
  }
  let identity = x;
  if (stride !== 1 || x.c !== outC) {
    identity = batchnorm(b, `${p}.downsample.bn`, conv2d(b, `${p}.downsample.conv`, x, outC, 1, stride, 0, false));
  }
  const sum = { ...y, t: add(b, `${p}.residual`, identity.t, y.t) };
  return relu(b, `${p}.relu_out`, sum);
}
