// ajv validators for docs/plan.schema.json and docs/scenario.schema.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { ROOT } from './run.js';

const ajv = new Ajv2020.default({ strict: true, allErrors: true, allowUnionTypes: true });
const load = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as object;

export const validatePlan = ajv.compile(load('docs/plan.schema.json'));
export const validateScenarioJson = ajv.compile(load('docs/scenario.schema.json'));

export function errorsOf(v: { errors?: unknown }): string {
  return JSON.stringify(v.errors ?? [], null, 1);
}
