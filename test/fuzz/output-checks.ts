// What every CLI run must satisfy, whatever its input: exit 0 or 2 (1 is for a failing machine or a bug), one
// error line on exit 2, only warnings and notes on stderr on exit 0, and no non-finite number in the output
// (JSON.stringify writes NaN and Infinity as null, so a null is allowed only where the schema has one).
import type { Run } from '../cli/run.js';

/** JSON fields that are null by design (docs/plan.schema.json): the block of an event outside any block. */
const NULLABLE = new Set(['blockIndex']);

function nonFiniteIn(value: unknown, path: string): string | undefined {
  if (value === null) return NULLABLE.has(path.slice(path.lastIndexOf('/') + 1)) ? undefined : path || '/';
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const bad = nonFiniteIn(v, `${path}/${k}`);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

export function checkOutput(argv: string[], r: Run): void {
  const what = `segplan ${JSON.stringify(argv).slice(0, 400)}`;
  const fail = (why: string) => {
    throw new Error(`${what}: ${why}\nexit ${String(r.code)}\nstderr: ${r.stderr.slice(0, 600)}\nstdout: ${r.stdout.slice(0, 300)}`);
  };
  if (r.code !== 0 && r.code !== 2) fail('exit status is neither 0 nor 2');
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  if (r.code === 2) {
    if (lines.length !== 1 || !lines[0]!.startsWith('segplan: error: ')) fail('bad input must give exactly one error line');
    if (lines[0]!.length > 1100) fail('the error line is not bounded');
  } else if (!lines.every((l) => l.startsWith('segplan: warning: ') || l.startsWith('wrote '))) {
    fail('a successful run may only warn on stderr');
  }
  // (AMD's "Infinity Fabric" is a GPU link's name in the catalog, not a number)
  if (/\b(NaN|Infinity|undefined)\b/.test(r.stdout.replaceAll('Infinity Fabric', ''))) fail('non-finite number in the output');
  const text = r.stdout.trimStart();
  if (r.code === 0 && (text.startsWith('{') || text.startsWith('['))) {
    const bad = nonFiniteIn(JSON.parse(text), '');
    if (bad !== undefined) fail(`null (a non-finite number) at ${bad} of the JSON output`);
  }
}
