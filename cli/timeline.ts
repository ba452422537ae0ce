// Each strategy's memory timeline of one step for the report: the events of its binding stage, at the planned
// micro-batch, in order.
import type { PlanResult } from '../src/plan/types.js';
import type { TimelinePoint } from '../src/report/charts/specs.js';
import type { Job } from './jobs.js';
import { toRequest } from './resolve.js';

export async function timelinesOf(results: PlanResult[], jobs: Job[]): Promise<TimelinePoint[][]> {
  const { timeline } = await import('../src/plan/timeline.js');
  const out: TimelinePoint[][] = [];
  for (const [i, result] of results.entries()) {
    const job = jobs[i]!;
    const req = await toRequest({ ...job, values: { ...job.values, microBatch: result.settings.microBatch } });
    out.push(timeline(req, result.bindingStage));
  }
  return out;
}
