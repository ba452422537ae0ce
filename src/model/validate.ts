// validateSpec: JSON Schema (ajv, draft 2020-12) for structure, then semantic checks; the first problem is thrown
// as a one-line SpecError with its JSON path.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { SpecError } from '../errors.js';
import { packageRoot } from './package-root.js';
import { firstProblem, type TagValues } from './schema-errors.js';
import { specLimitProblem } from './limits.js';
import { semanticProblem } from './semantic.js';
import type { ModelSpec } from './types.js';

export const SCHEMA_PATH = 'models/schema/model.schema.json';

/** the parts of models/schema/model.schema.json that tagValues reads (a type alias, so ajv takes it as a schema) */
type SchemaDef = { properties?: { family?: { const?: unknown } } };
type ModelSchema = {
  $defs: Record<string, SchemaDef> & { genericLayer: SchemaDef & { oneOf: { properties: { type: { const: string } } }[] } };
};

interface Compiled {
  validate: ValidateFunction;
  tags: TagValues;
}

let compiled: Compiled | undefined;

/** Discriminator values listed in error messages, read from the schema so that the two cannot drift. */
function tagValues(schema: ModelSchema): TagValues {
  const defs = schema.$defs;
  const family = Object.values(defs)
    .map((d) => d.properties?.family?.const)
    .filter((v): v is string => typeof v === 'string');
  const type = defs.genericLayer.oneOf.map((b) => b.properties.type.const);
  return { family, type };
}

// Loaded and compiled on first use (ajv is CommonJS, so `require` keeps validateSpec synchronous): importing
// this module costs nothing, which keeps `segplan plan` on a catalog model free of ajv.
function schemaValidator(): Compiled {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), SCHEMA_PATH), 'utf8')) as ModelSchema;
    const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    const ajv = new Ajv2020.default({ discriminator: true, verbose: true, allErrors: false, strict: true, strictRequired: false });
    compiled = { validate: ajv.compile(schema), tags: tagValues(schema) };
  }
  return compiled;
}

/** Validate parsed JSON as a model spec; `file` names it in errors. Returns the spec without its "$schema" key. */
export function validateSpec(json: unknown, file: string): ModelSpec {
  const { validate, tags } = schemaValidator();
  if (!validate(json)) {
    const p = firstProblem(validate.errors ?? [], tags);
    throw new SpecError(file, p.path, p.reason);
  }
  const { $schema: _ignored, ...spec } = json as { $schema?: unknown };
  // sizes before any check that computes with them
  const problem = specLimitProblem(spec) ?? semanticProblem(spec as ModelSpec);
  if (problem) throw new SpecError(file, problem.path, problem.reason);
  return spec as ModelSpec;
}
