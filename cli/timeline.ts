// A step's memory timeline for the report: the binding stage of the scenario's SegProp plan (or its first
// strategy), at the planned micro-batch.
import type { PlanResult } from '../src/plan/types.js';
import type { TimelinePoint } from '../src/report/charts/specs.js';
import type { Job } from './jobs.js';
import { toRequest } from './resolve.js';

export async function timelineOf(results: PlanResult[], jobs: Job[]): Promise<{ result: PlanResult; points: TimelinePoint[] } | undefined> {
  const { timeline } = await import('../src/plan/timeline.js');
  const i = Math.max(
    0,
    results.findIndex((r) => r.strategy === 'segprop'),
  );
  const result = results[i]!;
  const job = jobs[i]!;
  const req = await toRequest({ ...job, values: { ...job.values, microBatch: result.settings.microBatch } });
  return { result, points: timeline(req, result.bindingStage) };
}
