// The elementwise sum's TensorFlow.js implementation (validation executor).

import { alias, type OpImpl } from '../../execute.js';

// a + b keeps nothing; both input gradients are the output gradient itself (the same tensor, no copy).
export const addImpl: OpImpl<'add'> = {
  weights: () => [],
  forward: ({ tf, inputs }) => ({ out: tf.add(inputs[0]!, inputs[1]!), saved: [] }),
  backward: ({ tf, dy, needInput }) => ({
    inputs: [needInput[0] ? alias(tf, dy) : null, needInput[1] ? alias(tf, dy) : null],
    weights: [],
  }),
};
