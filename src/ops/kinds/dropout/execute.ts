// Dropout's TensorFlow.js implementation (validation executor); its keep-mask is shared with attention.

import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../../../validate/backend.js';
import { inPhase } from '../../../validate/measure/phase.js';
import { free, type OpImpl } from '../../execute.js';

/** Float keep-mask scaled by 1/(1−p) from a seeded uniform draw: floor(u + 1 − p) is 1 with prob. 1 − p. */
export function dropoutMask(tf: Tf, shape: number[], p: number, seed: number): Tensor {
  const u = tf.randomUniform(shape, 0, 1, 'float32', seed);
  const shifted = tf.add(u, 1 - p);
  free(u);
  const keep = tf.floor(shifted);
  free(shifted);
  const mask = tf.mul(keep, 1 / (1 - p));
  free(keep);
  return mask;
}

// x·mask with a float32 keep-mask (4 bytes per element), which is kept for backward.
export const dropoutImpl: OpImpl<'dropout'> = {
  weights: () => [],
  forward({ tf, op, inputs, seed }) {
    const mask = dropoutMask(tf, inputs[0]!.shape, op.attrs.p, seed);
    return { out: tf.mul(inputs[0]!, mask), saved: [mask] };
  },
  backward: ({ tf, dy, saved, needInput }) => ({
    inputs: [needInput[0] ? inPhase('inputGrad', () => tf.mul(dy, saved[0]!)) : null],
    weights: [],
  }),
};
