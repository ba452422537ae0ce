// A compact record of a stage's memory events, for answering two questions from one fold: the largest
// micro-batch that fits, and the peak (with the event that holds it) at the micro-batch finally chosen — which
// a plan only knows once every stage has been folded. Events go into one flat, reused Float64Array, so a
// plan of 80 stages allocates nothing per event and builds no label but its peak's.
//
// Record layout: phase code, block index, weights, gradients, optimizer, gather, overhead, activations c and d,
// the extra line added to every transient (c, d), the number of transient lines, then each line's c and d.

import { lineLimit } from './max-batch.js';
import type { Lin } from './lin.js';
import { type EventSink, GATHER, GRADIENTS, type MemoryEvent, OPTIMIZER, OVERHEAD, WEIGHTS } from './stage-memory.js';

const PHASES: readonly MemoryEvent['phase'][] = ['forward', 'backward', 'optimizer', 'idle'];

/**
 * A phase's index in PHASES, by comparisons: a table lookup by a name that varies from call to call is a
 * megamorphic keyed load (a stub-cache probe at every event of every fold), a comparison of internalized strings
 * is a pointer comparison.
 */
function phaseCode(phase: MemoryEvent['phase']): number {
  return phase === 'forward' ? 0 : phase === 'backward' ? 1 : phase === 'optimizer' ? 2 : 3;
}
const HEADER = 12;

/** The event holding a stage's peak at one micro-batch, with its bytes by component. */
export interface LoggedPeak {
  label: string;
  bytes: number;
  phase: MemoryEvent['phase'];
  /** -1: no block (the optimizer step) */
  blockIndex: number;
  weights: number;
  gradients: number;
  optimizer: number;
  gather: number;
  overhead: number;
  activations: number;
  /** the largest transient line at the peak */
  transient: number;
}

export class EventLog implements EventSink {
  // small to start (a one-off plan without a cache makes its own log); it doubles as a sweep needs
  private buf = new Float64Array(1 << 10);
  private n = 0;

  /** forget every record (the buffer is kept) */
  clear(): void {
    this.n = 0;
  }

  /** offset of the next record: a stage's records lie between two marks */
  mark(): number {
    return this.n;
  }

  event(
    phase: MemoryEvent['phase'],
    blockIndex: number,
    p: Float64Array,
    actC: number,
    actD: number,
    transient: readonly Lin[],
    extraC: number,
    extraD: number,
  ): void {
    const need = this.n + HEADER + 2 * transient.length;
    if (need > this.buf.length) this.grow(need);
    const b = this.buf;
    let n = this.n;
    b[n++] = phaseCode(phase);
    b[n++] = blockIndex;
    b[n++] = p[WEIGHTS]!;
    b[n++] = p[GRADIENTS]!;
    b[n++] = p[OPTIMIZER]!;
    b[n++] = p[GATHER]!;
    b[n++] = p[OVERHEAD]!;
    b[n++] = actC;
    b[n++] = actD;
    b[n++] = extraC;
    b[n++] = extraD;
    b[n++] = transient.length;
    for (let j = 0; j < transient.length; j++) {
      b[n++] = transient[j]!.c;
      b[n++] = transient[j]!.d;
    }
    this.n = n;
  }

  // apart from event(), which the fold inlines at each of its calls: this runs a few times per process
  private grow(need: number): void {
    const bigger = new Float64Array(Math.max(need, 2 * this.buf.length));
    bigger.set(this.buf.subarray(0, this.n));
    this.buf = bigger;
  }

  /** The largest b ≤ limit whose bytes fit `capacity` at every event in [from, to) (0: not even one sample). */
  maxMicroBatch(from: number, to: number, capacity: number, limit = 1 << 30): number {
    const b = this.buf;
    let best = limit;
    for (let k = from; k < to; k += HEADER + 2 * b[k + 11]!) {
      const c0 = b[k + 2]! + b[k + 3]! + b[k + 4]! + b[k + 5]! + b[k + 6]! + b[k + 7]! + b[k + 9]!;
      const d0 = b[k + 8]! + b[k + 10]!;
      const lines = b[k + 11]!;
      // an event without transient lines is the line (c0, d0) itself
      if (lines === 0) best = Math.min(best, Math.max(0, lineLimit(c0, d0, capacity)));
      for (let j = 0; j < lines; j++) {
        const l = k + HEADER + 2 * j;
        best = Math.min(best, Math.max(0, lineLimit(c0 + b[l]!, d0 + b[l + 1]!, capacity)));
      }
    }
    return best;
  }

  /** The first event in [from, to) with the most bytes at micro-batch `mb`. */
  peakAt(from: number, to: number, mb: number): LoggedPeak {
    const b = this.buf;
    let best = -Infinity;
    let at = from;
    let bestT = 0;
    for (let k = from; k < to; k += HEADER + 2 * b[k + 11]!) {
      const extraC = b[k + 9]!;
      const extraD = b[k + 10]!;
      const lines = b[k + 11]!;
      // the sums of eventBytes() over the event stageMemory() builds, in the same order
      let t = 0;
      if (lines === 0) {
        if (extraC !== 0 || extraD !== 0) t = Math.max(0, extraC + extraD * mb);
      } else {
        for (let j = 0; j < lines; j++) {
          const l = k + HEADER + 2 * j;
          t = Math.max(t, b[l]! + extraC + (b[l + 1]! + extraD) * mb);
        }
      }
      const bytes = b[k + 2]! + b[k + 3]! + b[k + 4]! + b[k + 5]! + b[k + 6]! + b[k + 7]! + b[k + 8]! * mb + t;
      if (bytes > best) {
        best = bytes;
        at = k;
        bestT = t;
      }
    }
    // `label` is filled by the caller (evaluation.ts); declared here so every peak has one object shape
    return {
      label: '',
      bytes: best,
      phase: PHASES[b[at]!]!,
      blockIndex: b[at + 1]!,
      weights: b[at + 2]!,
      gradients: b[at + 3]!,
      optimizer: b[at + 4]!,
      gather: b[at + 5]!,
      overhead: b[at + 6]!,
      activations: b[at + 7]! + b[at + 8]! * mb,
      transient: bestT,
    };
  }
}
