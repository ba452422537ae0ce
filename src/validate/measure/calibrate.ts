// Backend rates for the time prediction, measured on the backend itself: a square matmul, a 3×3 conv
// a large copy (add of zero: read + write) and the fixed cost of one kernel launch (a chain of tiny adds),
// each the median of a few timed runs after a warm-up.

import type { Tf } from '../backend.js';
import { median } from './median.js';

export interface Calibration {
  matmulFlopsPerSec: number;
  convFlopsPerSec: number;
  /** bytes read + written per second by an elementwise kernel */
  copyBytesPerSec: number;
  /** fixed seconds per kernel launch (dispatch, allocation, bookkeeping), from many tiny kernels */
  kernelOverheadSec: number;
}

function timeIt(f: () => import('@tensorflow/tfjs-core').Tensor, reps: number): number {
  const times: number[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const t0 = performance.now();
    const y = f();
    y.dataSync();
    const dt = (performance.now() - t0) / 1000;
    y.dispose();
    if (i > 0) times.push(dt);
  }
  return median(times);
}

export function calibrate(tf: Tf): Calibration {
  const n = 256;
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
  const bm = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  const mm = timeIt(() => tf.matMul(a, bm), 5);
  const x = tf.randomNormal<import('@tensorflow/tfjs-core').Rank.R4>([4, 32, 32, 32], 0, 1, 'float32', 3);
  const w = tf.randomNormal<import('@tensorflow/tfjs-core').Rank.R4>([3, 3, 32, 32], 0, 1, 'float32', 4);
  const cv = timeIt(() => tf.conv2d(x, w, 1, 'same'), 5);
  const big = tf.randomNormal([1 << 20], 0, 1, 'float32', 5);
  const cp = timeIt(() => tf.add(big, 0), 5);
  // per-kernel overhead: a chain of adds on a 4-element tensor, each disposed (what every step kernel pays)
  const tiny = tf.ones([4]);
  const launches = 400;
  const chain = () => {
    let y = tf.add(tiny, 1);
    for (let i = 1; i < launches; i++) {
      const z = tf.add(y, 1);
      y.dispose();
      y = z;
    }
    return y;
  };
  const ov = timeIt(chain, 5) / launches;
  tiny.dispose();
  const out = {
    matmulFlopsPerSec: (2 * n * n * n) / mm,
    convFlopsPerSec: (2 * 4 * 32 * 32 * 32 * 9 * 32) / cv,
    copyBytesPerSec: (8 * (1 << 20)) / cp,
    kernelOverheadSec: ov,
  };
  tf.dispose([a, bm, x, w, big]);
  return out;
}
