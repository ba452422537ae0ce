// The one place the CLI calls the planning engine (src/plan/plan.ts), loaded on first use. One cache is
// shared by every plan of a process, so a sweep builds each model graph and block summary once.
import type { PlanCache } from '../src/plan/plan.js';
import type { PlanRequest, PlanResult } from '../src/plan/types.js';
import { warn } from './out.js';
import { requestWarnings } from './warnings.js';

let cache: PlanCache | undefined;

export async function runPlan(req: PlanRequest): Promise<PlanResult> {
  const { plan, newPlanCache } = await import('../src/plan/plan.js');
  for (const w of requestWarnings(req)) warn(w);
  cache ??= newPlanCache();
  return plan(req, cache);
}
