// Reads what a job names (model, GPU) and builds the engine's PlanRequest. Model and GPU lookups are cached,
// so a sweep over 40 points reads each file once.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../src/errors.js';
import type { Gpu } from '../src/hardware/types.js';
import { requestOf } from '../src/job/request.js';
import type { PlanRequest } from '../src/plan/types.js';
import type { Calibration } from '../src/time/calibration.js';
import type { ModelSpec } from '../src/model/types.js';
import { parseHubId } from './hub/hub-id.js';
import type { Job } from './jobs.js';
import { inScenarioTerms, rememberJob } from './scenario-origin.js';
import { warn } from './out.js';
import { defaultedKeysWarning } from './warnings.js';

const models = new Map<string, ModelSpec>();
const gpus = new Map<string, Gpu>();
/** the warning a cached model file carries (repeated for every command that reads it) */
const defaultedWarnings = new Map<string, string>();

/** A bare word is a catalog name; anything with a slash or ending in .json is a file (or a hub id, when no such file exists). */
function isPath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.json$/i.test(ref);
}

function fromBase(ref: string, base: string): string {
  return isPath(ref) && !isAbsolute(ref) ? resolve(base, ref) : ref;
}

export async function resolveModel(ref: string, base: string): Promise<ModelSpec> {
  const key = fromBase(ref, base);
  let spec = models.get(key);
  // a catalog name needs only the catalog module (not the importers and validator loadModel brings)
  if (!spec && !isPath(ref)) {
    spec = (await import('../src/model/catalog.js')).catalogSpec(ref);
    // a sweep resolves the model at every point: remember the catalog's answer too
    if (spec) models.set(key, spec);
  }
  if (!spec) {
    // a local file or folder of that name wins over a Hugging Face hub id
    const hub = isPath(ref) && !existsSync(key) ? parseHubId(ref) : undefined;
    let loaded;
    if (hub) {
      loaded = await (await import('./hub/load-hub-model.js')).loadHubModel(hub);
    } else {
      const { loadModel } = await import('../src/model/load.js');
      // keep the user's own spelling of a relative path in error messages
      loaded = loadModel(isPath(ref) && key !== ref && base === process.cwd() ? ref : key);
    }
    if (loaded.defaulted) defaultedWarnings.set(key, defaultedKeysWarning(loaded.file, loaded.defaulted));
    spec = loaded.spec;
    models.set(key, spec);
  }
  const warning = defaultedWarnings.get(key);
  if (warning) warn(warning);
  return spec;
}

export async function resolveGpu(ref: string, base: string): Promise<Gpu> {
  const key = fromBase(ref, base);
  let gpu = gpus.get(key);
  if (!gpu) {
    if (isPath(ref)) {
      const { loadGpuFile } = await import('../src/hardware/load-gpu-file.js');
      gpu = await loadGpuFile(base === process.cwd() ? ref : key);
    } else {
      // unknown ids throw a UserError with the closest ids
      const { gpuById } = await import('../src/hardware/lookup.js');
      gpu = gpuById(ref);
    }
    gpus.set(key, gpu);
  }
  return gpu;
}

export async function toRequest(job: Job): Promise<PlanRequest> {
  const model = await resolveModel(job.model, job.modelBase);
  const gpu = await resolveGpu(job.values.gpu, job.gpuBase);
  if (job.training !== undefined && job.training.usdPerGpuHour === undefined && gpu.price === undefined) {
    throw new UserError(`GPU ${gpu.id} has no reference price in the catalog (none published with a source); give --price USD per GPU-hour`);
  }
  let req: PlanRequest;
  try {
    req = requestOf(job.values, model, gpu, job.training);
  } catch (e) {
    throw inScenarioTerms(e, job);
  }
  const calibration = job.values.calibration;
  if (calibration === undefined) return rememberJob(req, job);
  const measured = await resolveCalibration(calibration);
  const { calibrationProblem } = await import('./calibration-file.js');
  // checked against the plan's GPU here, so that the error names the file and its field
  const problem = calibrationProblem(measured, gpu, calibration);
  if (problem) throw problem;
  return rememberJob({ ...req, calibration: measured }, job);
}

const calibrations = new Map<string, Promise<Calibration>>();

/** A calibration file (relative to the working folder), read once per process. */
function resolveCalibration(file: string): Promise<Calibration> {
  let c = calibrations.get(file);
  if (!c) {
    c = import('./calibration-file.js').then((m) => m.loadCalibration(file));
    calibrations.set(file, c);
  }
  return c;
}
