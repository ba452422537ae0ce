// The one place the CLI calls the planning engine (src/plan/plan.ts), loaded on first use.
import type { PlanRequest, PlanResult } from '../src/plan/types.js';

interface PlanModule {
  plan(req: PlanRequest): PlanResult;
}

// TEMPORARY: a non-literal specifier until src/plan/plan.ts lands, so that tsc passes for everyone meanwhile.
const PLAN_MODULE = '../src/plan/plan.js';

export async function runPlan(req: PlanRequest): Promise<PlanResult> {
  const { plan } = (await import(PLAN_MODULE)) as PlanModule;
  return plan(req);
}
