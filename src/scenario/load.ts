// Reads a scenario file: JSON syntax, then docs/scenario.schema.json (ajv, compiled on first use), then units.
// Every problem is a one-line SpecError naming the file and the JSON path.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { SpecError } from '../errors.js';
import { packageRoot } from '../model/package-root.js';
import { readJsonFile } from '../model/read-json.js';
import { SCENARIO_FIELD_LIMITS } from '../job/scenario-limits.js';
import { fieldLimitProblem } from '../model/limits.js';
import { firstProblem } from '../model/schema-errors.js';
import type { LoadedScenario, Scenario } from './types.js';

export const SCENARIO_SCHEMA = 'docs/scenario.schema.json';

let validator: ValidateFunction | undefined;

async function scenarioValidator(): Promise<ValidateFunction> {
  if (!validator) {
    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    const schema = JSON.parse(readFileSync(join(packageRoot(), SCENARIO_SCHEMA), 'utf8')) as object;
    validator = new Ajv2020.default({ verbose: true, allErrors: false, strict: true }).compile(schema);
  }
  return validator;
}

/** Checks parsed JSON against the scenario schema; `file` names it in errors. */
export async function validateScenario(json: unknown, file: string): Promise<Scenario> {
  const validate = await scenarioValidator();
  if (!validate(json)) {
    const p = firstProblem(validate.errors ?? [], {});
    throw new SpecError(file, p.path, p.reason);
  }
  const over = fieldLimitProblem(json, SCENARIO_FIELD_LIMITS);
  if (over) throw new SpecError(file, over.path, over.reason);
  return json as Scenario;
}

export async function loadScenario(file: string): Promise<LoadedScenario> {
  const scenario = await validateScenario(readJsonFile(file), file);
  const loaded: LoadedScenario = { scenario, file, dir: dirname(resolve(file)) };
  const { gpuMemory, hostMemory } = scenario.cluster;
  // mathjs is loaded only here, when a scenario actually carries a unit string
  const parse = async (text: string, path: string) => (await import('../hardware/units.js')).parseQuantity(text, 'bytes', file, path);
  if (gpuMemory !== undefined) loaded.gpuMemoryBytes = await parse(gpuMemory, '/cluster/gpuMemory');
  if (hostMemory !== undefined) loaded.hostMemoryBytes = await parse(hostMemory, '/cluster/hostMemory');
  return loaded;
}
