// How a job's values map onto the engine's PlanRequest, in one place for the CLI and the dashboard. Each value
// goes to its parameter's field; two rules are the request's own: a schedule's layout (segprop.*, badam.*,
// lisa.*) is sent only to that schedule, and a trainable placement covers weights, gradients and optimizer state
// (the optimizer placement, later in the table, may then override the last). The caller resolves the GPU and
// reads a calibration file; a memory override makes a copy of the GPU.
import type { Gpu } from '../hardware/types.js';
import type { PlanRequest } from '../plan/types.js';
import type { ModelSpec } from '../model/types.js';
import type { TrainingRequest } from '../time/time-to-train.js';
import { SCHEDULE_NAMES, strategyAxes } from '../strategy/strategy.js';
import { PARAMETERS } from './parameters.js';
import type { JobValues } from './values.js';
import type { ScheduleName } from '../vocabulary.js';

/** The schedules with a layout of their own in the request (segprop.*, badam.*, lisa.*): all but E2E. */
const LAYOUTS: readonly ScheduleName[] = SCHEDULE_NAMES.filter((name) => name !== 'e2e');

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) node = (node[path[i]!] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]!] = value;
}

/** Each request parameter's path in the request and the schedule whose layout it belongs to, worked out once (sweeps build thousands of requests). */
const ROUTES = PARAMETERS.filter(
  (p) => p.field !== 'gpu' && p.field !== 'gpu.memoryBytes' && p.field !== 'calibration' && !p.field.startsWith('training.'),
).map((p) => ({
  field: p.field,
  path: p.field.split('.'),
  layout: LAYOUTS.find((name) => p.field.startsWith(`${name}.`)),
}));

export function requestOf(values: JobValues, model: ModelSpec, gpu: Gpu, training?: TrainingRequest): PlanRequest {
  const v = values as Record<string, unknown>;
  const memoryBytes = values['gpu.memoryBytes'];
  const req: Record<string, unknown> = { model, gpu: memoryBytes === undefined ? gpu : { ...gpu, memoryBytes, memoryNote: 'overridden by the user' } };
  const schedule = strategyAxes(values).schedule;
  for (const { field, path, layout } of ROUTES) {
    const value = v[field];
    if (value === undefined) continue;
    if (layout !== undefined && layout !== schedule) continue;
    if (field === 'placement.trainable') {
      setAt(req, ['placement', 'trainable'], { weights: value, gradients: value, optimizer: value });
      continue;
    }
    setAt(req, path, value);
  }
  if (training !== undefined) req.training = training;
  return req as unknown as PlanRequest;
}
