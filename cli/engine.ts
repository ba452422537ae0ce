// The one place the CLI calls the planning engine (src/plan/plan.ts), loaded on first use. One cache is
// shared by every plan of a process, so a sweep builds each model graph and block summary once.
import type { PlanCache } from '../src/plan/plan.js';
import type { PlanRequest, PlanResult } from '../src/plan/types.js';
import { warn } from './out.js';
import { planErrorInScenarioTerms } from './scenario-origin.js';
import { requestWarnings } from './warnings.js';

let engine: { plan: typeof import('../src/plan/plan.js').plan; cache: PlanCache } | undefined;

export async function runPlan(req: PlanRequest): Promise<PlanResult> {
  // a sweep calls this thousands of times: import the engine once, not once per plan
  if (!engine) {
    const { plan, newPlanCache } = await import('../src/plan/plan.js');
    engine = { plan, cache: newPlanCache() };
  }
  for (const w of requestWarnings(req)) warn(w);
  try {
    return engine.plan(req, engine.cache);
  } catch (e) {
    throw planErrorInScenarioTerms(e, req);
  }
}
