// Stochastic depth's TensorFlow.js implementation (validation executor): one keep value per sample.

import { inPhase } from '../../../validate/measure/phase.js';
import type { OpImpl } from '../../execute.js';
import { dropoutMask } from '../dropout/execute.js';

// x·noise with noise [b, 1] ∈ {0, 1/(1 − p)} (dropout's seeded mask, one value per sample), kept for backward.
export const stochasticDepthImpl: OpImpl<'stochastic-depth'> = {
  weights: () => [],
  forward({ tf, op, b, inputs, seed }) {
    const noise = dropoutMask(tf, [b, 1], op.attrs.p, seed);
    return { out: tf.mul(inputs[0]!, noise), saved: [noise] };
  },
  backward: ({ tf, dy, saved, needInput }) => ({
    inputs: [needInput[0] ? inPhase('inputGrad', () => tf.mul(dy, saved[0]!)) : null],
    weights: [],
  }),
};
