// A step's memory timeline for the report, when the engine offers one. Expected engine export (proposed to
// the engine owner): src/plan/timeline.ts `timeline(req: PlanRequest, stageIndex: number)` returning
// `Array<{ event: string; phase: string; bytes: number }>` at the planned micro-batch.
import type { PlanResult } from '../src/plan/types.js';
import type { TimelinePoint } from '../src/report/charts/specs.js';
import type { Job } from './jobs.js';
import { toRequest } from './resolve.js';

// non-literal so that tsc passes while the module does not exist
const TIMELINE_MODULE = '../src/plan/timeline.js';

export async function timelineOf(results: PlanResult[], jobs: Job[]): Promise<{ result: PlanResult; points: TimelinePoint[] } | undefined> {
  let mod: { timeline?: (req: unknown, stage: number) => TimelinePoint[] };
  try {
    mod = (await import(TIMELINE_MODULE)) as typeof mod;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
  if (typeof mod.timeline !== 'function') return undefined;
  // the strategy the scenario is about: SegProp when present, else the first
  const i = Math.max(0, results.findIndex((r) => r.strategy === 'segprop'));
  const result = results[i]!;
  const req = await toRequest({ ...jobs[i]!, microBatch: result.settings.microBatch });
  return { result, points: mod.timeline(req, result.bindingStage) };
}
