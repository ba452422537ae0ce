// An engine error about a value a scenario file gave, in the file's words: the file and the JSON pointer of the
// value (`/strategies/2/segmentSize`), not the flag the user never typed (flag-message.ts words the rest).
import { RequestError, UserError } from '../src/errors.js';
import type { PlanRequest } from '../src/plan/types.js';
import type { Job } from './jobs.js';

const jobOf = new WeakMap<PlanRequest, Job>();

/** Remembers the job a request was built from, when a scenario gave any of its values. */
export function rememberJob(req: PlanRequest, job: Job): PlanRequest {
  if (job.origins) jobOf.set(req, job);
  return req;
}

/** `e` naming the scenario's file and place when it is about a value the job still has from the file. */
export function inScenarioTerms(e: unknown, job: Job | undefined): unknown {
  if (!(e instanceof RequestError) || !job?.origins) return e;
  const origin = job.origins.at.get(e.field);
  // a value a sweep axis replaced is no longer the file's
  if (!origin || (job.values as Record<string, unknown>)[e.field] !== origin.value) return e;
  return new UserError(`${job.origins.file}: ${RequestError.text(`at ${origin.pointer}`, e.value, e.reason)}`);
}

/** inScenarioTerms for an error planning `req` (built by toRequest). */
export function planErrorInScenarioTerms(e: unknown, req: PlanRequest): unknown {
  return inScenarioTerms(e, jobOf.get(req));
}
