// The peak of a step and the largest micro-batch that fits, solved exactly from the events' lines:
// peak(b) = max over events of (cᵢ + dᵢ·b), so b fits iff cᵢ + dᵢ·b ≤ capacity for every line.

import type { Lin } from './lin.js';
import { eventBytes, type EventSink, GATHER, GRADIENTS, type MemoryEvent, OPTIMIZER, OVERHEAD, WEIGHTS } from './stage-memory.js';

export interface Peak {
  bytes: number;
  event: MemoryEvent;
}

export function peakAt(events: readonly MemoryEvent[], b: number): Peak {
  let best = events[0]!;
  let bytes = -Infinity;
  for (const e of events) {
    const v = eventBytes(e, b);
    if (v > bytes) {
      bytes = v;
      best = e;
    }
  }
  return { bytes, event: best };
}

/** Largest b with c + d·b ≤ capacity for one line (Infinity when d = 0 and it fits, -1 when nothing fits). */
export function lineLimit(c: number, d: number, capacity: number): number {
  // compared on every call, not only when one sample does not fit: a comparison first met by optimized code has no
  // type feedback and deoptimizes the sweep's solvers that inline this function
  const none = c > capacity;
  if (c + d > capacity) return none ? -1 : 0;
  if (d <= 0) return Infinity;
  let b = Math.floor((capacity - c) / d);
  // floating-point division can land one below or above an exact integer boundary
  if (c + d * (b + 1) <= capacity) b++;
  else if (c + d * b > capacity) b--;
  return b;
}

const NO_TRANSIENT: readonly Lin[] = [{ c: 0, d: 0 }];

/** The largest b ≥ 0 with peak(b) ≤ capacity (0: not even one sample fits); capped at `limit`. */
export function maxMicroBatch(events: readonly MemoryEvent[], capacity: number, limit = 1 << 30): number {
  let best = limit;
  for (const e of events) {
    const c0 = e.weights + e.gradients + e.optimizer + e.gather + e.overhead + e.activations.c;
    for (const l of e.transient.length > 0 ? e.transient : NO_TRANSIENT) {
      best = Math.min(best, Math.max(0, lineLimit(c0 + l.c, e.activations.d + l.d, capacity)));
    }
  }
  return best;
}

/**
 * A sink that solves the max micro-batch for several capacities at once, without keeping events
 * (sweeps: one fold serves every GPU of the catalog). It keeps only the upper envelope of the events'
 * lines (a line is dropped when another is at least as high at b = 1 and grows at least as fast), then
 * `solve()` checks each capacity against the few lines left. Same rule as envelope.ts, on typed arrays
 * because this runs a million times a second in sweeps.
 */
export class MaxBatchSink implements EventSink {
  readonly best: Float64Array;
  private envC = new Float64Array(64);
  private envD = new Float64Array(64);
  private size = 0;
  constructor(
    readonly capacities: Float64Array,
    readonly limit = 1 << 30,
  ) {
    this.best = new Float64Array(capacities.length).fill(limit);
  }
  reset(): void {
    this.size = 0;
  }
  event(
    _phase: MemoryEvent['phase'],
    _block: number,
    p: Float64Array,
    actC: number,
    actD: number,
    transient: readonly Lin[],
    extraC: number,
    extraD: number,
  ): void {
    const c0 = p[WEIGHTS]! + p[GRADIENTS]! + p[OPTIMIZER]! + p[GATHER]! + p[OVERHEAD]! + actC + extraC;
    const d0 = actD + extraD;
    const lines = transient.length > 0 ? transient : NO_TRANSIENT;
    for (let j = 0; j < lines.length; j++) this.push(c0 + lines[j]!.c, d0 + lines[j]!.d);
  }
  private push(c: number, d: number): void {
    const C = this.envC;
    const D = this.envD;
    let n = this.size;
    for (let k = 0; k < n; k++) if (D[k]! >= d && C[k]! + D[k]! >= c + d) return;
    let w = 0;
    for (let k = 0; k < n; k++) {
      if (!(d >= D[k]! && c + d >= C[k]! + D[k]!)) {
        C[w] = C[k]!;
        D[w] = D[k]!;
        w++;
      }
    }
    n = w;
    if (n === C.length) {
      this.envC = new Float64Array(2 * n);
      this.envC.set(C);
      this.envD = new Float64Array(2 * n);
      this.envD.set(D);
    }
    this.envC[n] = c;
    this.envD[n] = d;
    this.size = n + 1;
  }
  /** the largest micro-batch per capacity over every line seen since `reset()` */
  solve(): Float64Array {
    const caps = this.capacities;
    for (let g = 0; g < caps.length; g++) {
      let b = this.limit;
      for (let k = 0; k < this.size && b > 0; k++) b = Math.min(b, Math.max(0, lineLimit(this.envC[k]!, this.envD[k]!, caps[g]!)));
      this.best[g] = b;
    }
    return this.best;
  }
}
