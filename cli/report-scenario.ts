// What `segplan report` reads when it is given a scenario file (a model name or a model config goes to the
// model path of cli/commands/report.ts). A file that is plainly not a scenario gets a message that says what
// report wants, instead of the scenario loader's "cannot read the file" or "missing required field".
import { existsSync, statSync } from 'node:fs';
import { SpecError, UserError } from '../src/errors.js';
import type { LoadedScenario } from '../src/scenario/types.js';

const WANTS =
  'segplan report wants a scenario file: JSON with "model" and "cluster" (docs/scenario.schema.json; example: reports/scenarios/paper-llama-70b.json), or a model with the flags of compare';

/** why `file` is not a scenario when it is plainly something else, and whether that is a model; or null */
async function notAScenario(file: string): Promise<{ why: string; model: boolean } | null> {
  if (!existsSync(file)) return { why: `${file}: no such file`, model: false };
  if (statSync(file).isDirectory()) return { why: `${file} is a directory, not a scenario`, model: false };
  const { readJsonFile } = await import('../src/model/read-json.js');
  const json = readJsonFile(file);
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && !('model' in json) && !('cluster' in json)) {
    const why = `${file} has no "model" and no "cluster": it is not a scenario (a model spec or config.json is what a scenario's "model" names)`;
    return { why, model: true };
  }
  return null;
}

export async function loadReportScenario(file: string): Promise<LoadedScenario> {
  const { loadScenario } = await import('../src/scenario/load.js');
  try {
    return await loadScenario(file);
  } catch (e) {
    if (!(e instanceof SpecError) || e.file !== file) throw e;
    const not = await notAScenario(file);
    if (not === null) throw e;
    const hint = not.model ? `; for a quick look at the model: segplan compare ${file}` : '';
    throw new UserError(`${not.why}. ${WANTS}${hint}`);
  }
}
