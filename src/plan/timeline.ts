// The memory timeline of one stage's training step at the planned micro-batch: every allocation/free event
// through forward, backward and the optimizer step, with its bytes (for reports and charts).

import { eventBytes } from '../memory/stage-memory.js';
import { microBatchOf, type PlanCache, planGraph, resolve } from './plan.js';
import type { PlanRequest } from './types.js';

export interface TimelinePoint {
  event: string;
  phase: 'forward' | 'backward' | 'optimizer' | 'idle';
  bytes: number;
}

export function timeline(req: PlanRequest, stageIndex: number, cache?: PlanCache): TimelinePoint[] {
  const r = resolve(req, planGraph(req, cache), cache);
  const stages = r.strategy.stages.length;
  if (!(stageIndex >= 0 && stageIndex < stages)) throw new RangeError(`stage ${stageIndex} does not exist (${stages} stages)`);
  const b = r.evaluation.memory(r.capacity, microBatchOf(req)).microBatch;
  return r.evaluation.timeline(stageIndex).events.map((e) => ({ event: e.label, phase: e.phase, bytes: Math.round(eventBytes(e, b)) }));
}
