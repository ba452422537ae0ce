// Global average pool over the spatial positions: H·W − 1 adds and 1 divide per channel forward (= H·W);
// backward broadcasts dy/(H·W) to every position: 1 per input element.

import { phases } from '../../phase.js';
import type { OpCostRule } from '../../rule.js';

const PER_INPUT_ELEMENT = { forward: 1, inputGrad: 1 };

export const globalAvgpoolRule: OpCostRule<'global-avgpool'> = {
  kind: 'global-avgpool',
  params: () => 0,
  flops: (a) => {
    const n = a.channels * a.inH * a.inW;
    return phases(n * PER_INPUT_ELEMENT.forward, n * PER_INPUT_ELEMENT.inputGrad, 0);
  },
  matmulFlops: () => phases(0, 0, 0),
  macs: () => 0,
  formula: 'per input element (channels·H·W): fw 1; inputGrad 1',
};
