// The memory timeline of one stage's training step at the planned micro-batch: every allocation/free event
// through forward, backward and the optimizer step, with its bytes (for reports and charts).

import { eventBytes } from '../memory/stage-memory.js';
import { evaluateMemory, planGraph, type PlanCache } from './plan.js';
import type { PlanRequest } from './types.js';

export interface TimelinePoint {
  event: string;
  phase: 'forward' | 'backward' | 'optimizer' | 'idle';
  bytes: number;
}

export function timeline(req: PlanRequest, stageIndex: number, cache?: PlanCache): TimelinePoint[] {
  const graph = planGraph(req, cache);
  const ev = evaluateMemory(req, graph, cache);
  const mem = ev.memories[stageIndex];
  if (!mem) throw new RangeError(`stage ${stageIndex} does not exist (${ev.memories.length} stages)`);
  const b = req.microBatch === 'auto' ? Math.max(1, Math.min(...ev.stageMax)) : req.microBatch;
  return mem.events.map((e) => ({ event: e.label, phase: e.phase, bytes: Math.round(eventBytes(e, b)) }));
}
