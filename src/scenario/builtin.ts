// The built-in scenario (the SegProp paper's LLaMA-2-70B study) that segplan plans when given nothing else.
import { join } from 'node:path';
import { packageRoot } from '../model/package-root.js';

export const BUILTIN_SCENARIO = 'reports/scenarios/paper-llama-70b.json';

export function builtinScenarioPath(): string {
  return join(packageRoot(), BUILTIN_SCENARIO);
}
