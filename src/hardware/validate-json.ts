// JSON Schema (2020-12) checks for hardware files, with ajv loaded lazily (it is not needed by the built-in,
// precompiled catalog). Failures become one-line SpecErrors naming file and JSON path.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { SpecError } from '../errors.js';
import { hardwareModelsDir } from './paths.js';

/** What to check against: a whole catalog file, or one GPU object (a user's gpu.json). */
export type HardwareSchema = 'gpus' | 'gpu' | 'clusters';

const validators = new Map<HardwareSchema, Promise<ValidateFunction>>();

async function loadSchema(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(hardwareModelsDir(), name), 'utf8')) as Record<string, unknown>;
}

async function build(which: HardwareSchema): Promise<ValidateFunction> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ allErrors: false, strict: true });
  if (which === 'clusters') return ajv.compile(await loadSchema('clusters.schema.json'));
  const gpus = await loadSchema('gpus.schema.json');
  if (which === 'gpus') return ajv.compile(gpus);
  ajv.addSchema(gpus);
  return ajv.compile({ $ref: `${String(gpus.$id)}#/$defs/gpu` });
}

/** Throws a SpecError for the first schema violation in `data`. */
export async function validateHardwareJson(which: HardwareSchema, data: unknown, file: string): Promise<void> {
  let validator = validators.get(which);
  if (!validator) {
    validator = build(which);
    validators.set(which, validator);
  }
  const validate = await validator;
  if (validate(data)) return;
  const first = validate.errors?.[0];
  throw new SpecError(file, first?.instancePath ?? '', first ? describe(first) : 'does not match the schema');
}

/** One ajv error in words (also used for calibration files: cli/calibration-file.ts). */
export function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `unknown field ${JSON.stringify(p.additionalProperty)}`;
  if (e.keyword === 'required') return `missing field ${JSON.stringify(p.missingProperty)}`;
  if (e.keyword === 'enum') return `${e.message ?? 'not allowed'}: ${JSON.stringify(p.allowedValues)}`;
  return e.message ?? e.keyword;
}
