// The kernel trace: every kernel the engine runs during a step, with its input and output shapes, its
// attributes and the executor's phase at launch (measure/phase.ts). Recorded by wrapping
// engine.runKernel, through which every tfjs op launches its kernels exactly once (customGrad scopes do
// not go through it, so unlike tf.profile's list nothing needs de-duplicating).

import type { Tf } from '../backend.js';
import { currentPhase, type Phase } from './phase.js';

export interface KernelRecord {
  name: string;
  phase: Phase;
  inputShapes: number[][];
  outputShapes: number[][];
  attrs: Record<string, unknown>;
}

type RunKernel = (name: string, inputs: Record<string, { shape: number[] }>, attrs?: Record<string, unknown>) => unknown;

export class KernelTrace {
  readonly records: KernelRecord[] = [];
  private readonly engine: { runKernel: RunKernel };
  private readonly orig: RunKernel;
  enabled = true;
  /** called after every kernel (e.g. to sample memory) */
  onKernel: (() => void) | null = null;

  constructor(tf: Tf) {
    this.engine = tf.engine() as unknown as { runKernel: RunKernel };
    this.orig = this.engine.runKernel;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    this.engine.runKernel = function (name, inputs, attrs) {
      const out = self.orig.call(this, name, inputs, attrs);
      if (self.enabled) {
        const outs = (Array.isArray(out) ? out : [out]) as { shape: number[] }[];
        self.records.push({
          name,
          phase: currentPhase(),
          inputShapes: Object.values(inputs).map((t) => (t ? [...t.shape] : [])),
          outputShapes: outs.map((t) => [...t.shape]),
          attrs: { ...(attrs ?? {}) },
        });
      }
      self.onKernel?.();
      return out;
    };
  }

  restore(): void {
    this.engine.runKernel = this.orig;
  }
}
