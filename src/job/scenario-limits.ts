// Which size limit each numeric field of a scenario file obeys: a parameter's key where the file gives its value
// (settings, cluster, strategy entries) and its flag name where the file sweeps it (sweep.vary).
import type { LimitName } from '../model/limits.js';
import { PARAMETERS, scenarioKeyOf } from './parameters.js';

export const SCENARIO_FIELD_LIMITS: ReadonlyMap<string, LimitName> = new Map(
  PARAMETERS.flatMap((p): Array<[string, LimitName]> => {
    if (p.limit === undefined) return [];
    return [...(p.scenario ? [[scenarioKeyOf(p), p.limit] as [string, LimitName]] : []), ...(p.axis ? [[p.flag, p.limit] as [string, LimitName]] : [])];
  }),
);
