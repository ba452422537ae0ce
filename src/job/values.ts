// A job's values, keyed by request field: the type is derived from the parameter table, so a parameter added
// there is a field of every Job, sweep point and dashboard request at once.
import type { Parameter } from './parameters.js';

/** The value a parameter holds once read: a choice's word, a count, bytes, a fraction. */
export type ValueOf<P> = P extends { type: 'choice'; choices: readonly (infer C)[] }
  ? C
  : P extends { type: 'int-or-auto' }
    ? number | 'auto'
    : P extends { type: 'name' }
      ? string
      : number;

/** The parameters a plan request carries one by one (a training budget is read as a whole: cli/budget.ts). */
export type RequestParameter = Exclude<Parameter, { field: `training.${string}` }>;

// a parameter that another replaces (segment size and count) may be unset even though it has a default
type WithDefault = Exclude<Extract<RequestParameter, { default: unknown }>, { excludes: string }>;
type WithoutDefault = Exclude<RequestParameter, WithDefault>;

/** Every request parameter of a job: those with a default always hold a value, the others may be unset. */
export type JobValues = { [P in WithDefault as P['field']]: ValueOf<P> } & { [P in WithoutDefault as P['field']]?: ValueOf<P> };

export type JobField = keyof JobValues;
