// Turns ajv's first error into a JSON path and a reason a user can act on (no ajv jargon).
import type { ErrorObject } from 'ajv';

export interface Problem {
  path: string;
  reason: string;
}

type Schema = Record<string, unknown>;

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  const kind = Array.isArray(value) ? 'array' : typeof value;
  if (kind === 'object' || kind === 'array') return `an ${kind}`;
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** What a value must be, in words, from the (sub)schema that rejected it. */
function describe(schema: Schema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if ('const' in schema) return JSON.stringify(schema.const);
  if (schema.type === 'integer' && schema.minimum === 1) return 'a positive integer';
  if (schema.type === 'integer' && schema.minimum === 0) return 'a non-negative integer (0 or more)';
  if (schema.type === 'integer') return 'an integer';
  if (schema.type === 'number' && schema.minimum === 0 && schema.exclusiveMaximum === 1) {
    return 'a probability in [0, 1)';
  }
  if (schema.type === 'number') return 'a number';
  if (schema.type === 'boolean') return 'true or false';
  if (schema.type === 'string') return schema.minLength === 1 ? 'a non-empty string' : 'a string';
  if (schema.type === 'array') return 'an array';
  if (schema.type === 'object') return 'an object';
  return typeof schema.description === 'string' ? schema.description : 'a valid value';
}

function child(path: string, key: string): string {
  return `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The allowed values of each discriminator tag ("family", "type"), read from the schema. */
export type TagValues = Record<string, string[]>;

function translate(e: ErrorObject, tags: TagValues): Problem {
  const parent = (e.parentSchema ?? {}) as Schema;
  const got = `got ${show(e.data)}`;
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String((e.params as { additionalProperty: string }).additionalProperty);
      return { path: child(e.instancePath, field), reason: `unknown field ${JSON.stringify(field)}` };
    }
    case 'required': {
      const field = String((e.params as { missingProperty: string }).missingProperty);
      return { path: child(e.instancePath, field), reason: `missing required field ${JSON.stringify(field)}` };
    }
    case 'discriminator': {
      const { tag, tagValue } = e.params as { tag: string; tagValue: unknown };
      const known = (tags[tag] ?? []).map((v) => JSON.stringify(v)).join(', ');
      const path = child(e.instancePath, tag);
      if (tagValue === undefined) return { path, reason: `missing required field ${JSON.stringify(tag)}` };
      return { path, reason: `must be one of ${known}, got ${show(tagValue)}` };
    }
    case 'minItems':
      return {
        path: e.instancePath,
        reason: parent.minItems === 1 ? 'must not be empty' : `must have at least ${String(parent.minItems)} items`,
      };
    case 'oneOf':
    case 'anyOf':
      return { path: e.instancePath, reason: `must be ${describe(parent)}` };
    case 'type':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'enum':
    case 'const':
    case 'minLength':
      return { path: e.instancePath, reason: `must be ${describe(parent)}, ${got}` };
    case 'pattern':
      return {
        path: e.instancePath,
        reason: `must be ${typeof parent.description === 'string' ? parent.description : `a string matching ${String(parent.pattern)}`}, ${got}`,
      };
    default:
      return { path: e.instancePath, reason: e.message ?? `is invalid (${e.keyword})` };
  }
}

/**
 * The first problem among ajv's errors. A `oneOf` without a discriminator reports every branch's complaint
 * first; a complaint below the oneOf's own level is the specific one, otherwise the oneOf summary reads best.
 */
export function firstProblem(errors: ErrorObject[], tags: TagValues): Problem {
  const union = errors.find((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  if (union) {
    const deeper = errors.find((e) => e !== union && e.instancePath.startsWith(`${union.instancePath}/`) && e.keyword !== 'required');
    return translate(deeper ?? union, tags);
  }
  return translate(errors[0]!, tags);
}
