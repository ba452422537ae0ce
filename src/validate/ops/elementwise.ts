// activation, mul, add, dropout, rope: elementwise ops on the canonical [b, n] layout.

import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from '../backend.js';
import { inPhase } from '../measure/phase.js';
import { alias, free, type OpImpl } from './types.js';

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

const SQRT_2_PI = Math.sqrt(2 / Math.PI);

// relu and tanh keep their output, gelu/silu their input: what each derivative is cheapest from.
export const activationImpl: OpImpl<'activation'> = {
  weights: () => [],
  forward({ tf, op, inputs }) {
    const x = inputs[0];
    switch (op.attrs.fn) {
      case 'relu': {
        const y = tf.relu(x);
        return { out: y, saved: [y] };
      }
      case 'tanh': {
        const y = tf.tanh(x);
        return { out: y, saved: [y] };
      }
      case 'gelu':
        return { out: tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1))), saved: [x] };
      case 'gelu_tanh':
        return {
          out: tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), SQRT_2_PI)), 1))),
          saved: [x],
        };
      case 'silu':
        return { out: tf.tidy(() => tf.mul(x, tf.sigmoid(x))), saved: [x] };
    }
  },
  backward({ tf, op, dy, saved, needInput }) {
    if (!needInput[0]) return { inputs: [null], weights: [] };
    const s = saved[0];
    const dx = inPhase('inputGrad', () =>
      tf.tidy(() => {
        switch (op.attrs.fn) {
          case 'relu':
            return tf.mul(dy, tf.step(s));
          case 'tanh':
            return tf.mul(dy, tf.sub(1, tf.square(s)));
          case 'gelu': {
            const cdf = tf.mul(tf.add(tf.erf(tf.mul(s, Math.SQRT1_2)), 1), 0.5);
            const pdf = tf.mul(tf.exp(tf.mul(tf.square(s), -0.5)), 1 / Math.sqrt(2 * Math.PI));
            return tf.mul(dy, tf.add(cdf, tf.mul(s, pdf)));
          }
          case 'gelu_tanh': {
            const inner = tf.mul(tf.add(s, tf.mul(tf.pow(s, 3), 0.044715)), SQRT_2_PI);
            const t = tf.tanh(inner);
            const dinner = tf.mul(tf.add(tf.mul(tf.square(s), 3 * 0.044715), 1), SQRT_2_PI);
            const g = tf.add(tf.mul(tf.add(t, 1), 0.5), tf.mul(tf.mul(tf.mul(s, 0.5), tf.sub(1, tf.square(t))), dinner));
            return tf.mul(dy, g);
          }
          case 'silu': {
            const sg = tf.sigmoid(s);
            return tf.mul(dy, tf.mul(sg, tf.add(tf.mul(s, tf.sub(1, sg)), 1)));
          }
        }
      }),
    );
    return { inputs: [dx], weights: [] };
  },
};

// a·b keeps both factors (each is the other's derivative).
export const mulImpl: OpImpl<'mul'> = {
  weights: () => [],
  forward: ({ tf, inputs }) => ({ out: tf.mul(inputs[0], inputs[1]), saved: [inputs[0], inputs[1]] }),
  backward({ tf, dy, saved, needInput }) {
    return inPhase('inputGrad', () => ({
      inputs: [needInput[0] ? tf.mul(dy, saved[1]) : null, needInput[1] ? tf.mul(dy, saved[0]) : null],
      weights: [],
    }));
  },
};

// a + b keeps nothing; both input gradients are the output gradient itself (the same tensor, no copy).
export const addImpl: OpImpl<'add'> = {
  weights: () => [],
  forward: ({ tf, inputs }) => ({ out: tf.add(inputs[0], inputs[1]), saved: [] }),
  backward: ({ tf, dy, needInput }) => ({
    inputs: [needInput[0] ? alias(tf, dy) : null, needInput[1] ? alias(tf, dy) : null],
    weights: [],
  }),
};

// x·mask with a float32 keep-mask (4 bytes per element), which is kept for backward.
export const dropoutImpl: OpImpl<'dropout'> = {
  weights: () => [],
  forward({ tf, op, inputs, seed }) {
    const mask = dropoutMask(tf, inputs[0].shape, op.attrs.p, seed);
    return { out: tf.mul(inputs[0], mask), saved: [mask] };
  },
  backward: ({ tf, dy, saved, needInput }) => ({
    inputs: [needInput[0] ? inPhase('inputGrad', () => tf.mul(dy, saved[0])) : null],
    weights: [],
  }),
};

/** cos and sin tables [T, 1, d] (half-split rotation, as Llama), built per use. */
function ropeTables(tf: Tf, tokens: number, d: number): [Tensor, Tensor] {
  const cos = new Float32Array(tokens * d);
  const sin = new Float32Array(tokens * d);
  for (let t = 0; t < tokens; t++) {
    for (let i = 0; i < d; i++) {
      const f = t / Math.pow(10000, (2 * (i % (d / 2))) / d);
      cos[t * d + i] = Math.cos(f);
      sin[t * d + i] = Math.sin(f);
    }
  }
  return [tf.tensor3d(cos, [tokens, 1, d]), tf.tensor3d(sin, [tokens, 1, d])];
}

/** [x1, x2] → [−x2, x1] on the last axis (sign = 1), or its transpose [x2, −x1] (sign = −1). */
function rotateHalf(tf: Tf, x: Tensor, sign: 1 | -1): Tensor {
  const d = x.shape[x.shape.length - 1];
  const [x1, x2] = tf.split(x, [d / 2, d / 2], -1);
  return sign === 1 ? tf.concat([tf.neg(x2), x1], -1) : tf.concat([x2, tf.neg(x1)], -1);
}

// Rotary embedding on [b, T, heads, d]: x·cos + rotate(x)·sin. Keeps nothing (tables are rebuilt).
export const ropeImpl: OpImpl<'rope'> = {
  weights: () => [],
  forward({ tf, op, b, inputs }) {
    const d = op.attrs.headDim;
    const rows = op.attrs.elements / d;
    return {
      out: tf.tidy(() => {
        const tokens = ropeTokens(rows);
        const x = tf.reshape(inputs[0], [b, tokens, rows / tokens, d]);
        const [cos, sin] = ropeTables(tf, tokens, d);
        return tf.reshape(tf.add(tf.mul(x, cos), tf.mul(rotateHalf(tf, x, 1), sin)), [b, op.attrs.elements]);
      }),
      saved: [],
    };
  },
  backward({ tf, op, b, dy, needInput }) {
    if (!needInput[0]) return { inputs: [null], weights: [] };
    const d = op.attrs.headDim;
    const rows = op.attrs.elements / d;
    const dx = inPhase('inputGrad', () =>
      tf.tidy(() => {
        const tokens = ropeTokens(rows);
        const g = tf.reshape(dy, [b, tokens, rows / tokens, d]);
        const [cos, sin] = ropeTables(tf, tokens, d);
        return tf.reshape(tf.add(tf.mul(g, cos), rotateHalf(tf, tf.mul(g, sin), -1)), [b, op.attrs.elements]);
      }),
    );
    return { inputs: [dx], weights: [] };
  },
};

let ropeSeqLen = 0;
/** The executor tells rope the sequence length (the op only knows elements and head size). */
export function setRopeSeqLen(t: number): void {
  ropeSeqLen = t;
}
function ropeTokens(rows: number): number {
  if (!ropeSeqLen || rows % ropeSeqLen !== 0) throw new Error('rope: sequence length unknown');
  return ropeSeqLen;
}
