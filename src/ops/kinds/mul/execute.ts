// The elementwise product's TensorFlow.js implementation (validation executor).

import { inPhase } from '../../../validate/measure/phase.js';
import type { OpImpl } from '../../execute.js';

// a·b keeps both factors (each is the other's derivative).
export const mulImpl: OpImpl<'mul'> = {
  weights: () => [],
  forward: ({ tf, inputs }) => ({ out: tf.mul(inputs[0]!, inputs[1]!), saved: [inputs[0]!, inputs[1]!] }),
  backward({ tf, dy, saved, needInput }) {
    return inPhase('inputGrad', () => ({
      inputs: [needInput[0] ? tf.mul(dy, saved[1]!) : null, needInput[1] ? tf.mul(dy, saved[0]!) : null],
      weights: [],
    }));
  },
};
