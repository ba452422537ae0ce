// npm run reports: regenerates every study report (reports/NAME.md, .html, .json) from its scenario in
// reports/scenarios/, in this process and in a fixed order, so the same tree always writes the same bytes.
// `--check` writes them into a temporary folder instead and lists the committed reports that differ (exit 1):
// CI runs that check through test/report/studies.test.ts. The validation report holds measurements and is
// written by `segplan validate --report`, not here.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../cli/run-cli.js';

export const SCENARIOS = 'reports/scenarios';
export const REPORT_EXTENSIONS = ['md', 'html', 'json'] as const;

/** The scenario files, by name (each names its report). */
export function scenarioFiles(root: string): string[] {
  return readdirSync(join(root, SCENARIOS))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `${SCENARIOS}/${f}`);
}

/** Writes each scenario's report into `outDir` (run from `root`, so reports name their scenario relative to it). */
export async function writeReports(root: string, outDir: string, log: (line: string) => void = () => {}): Promise<void> {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    for (const file of scenarioFiles(root)) {
      const err: string[] = [];
      const io = { out: () => {}, err: (s: string) => void err.push(s), errIsTTY: false };
      const code = await main(['report', file, '-o', join(outDir, basename(file, '.json')), '--force'], io);
      if (code !== 0) throw new Error(`segplan report ${file} failed: ${err.join('').trim()}`);
      log(`wrote ${outDir}/${basename(file, '.json')}.{${REPORT_EXTENSIONS.join(',')}}`);
    }
  } finally {
    process.chdir(cwd);
  }
}

/** The committed report files that differ from a fresh run (or are missing), relative to `root`. */
export async function staleReports(root: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'segplan-reports-'));
  try {
    await writeReports(root, dir);
    const stale: string[] = [];
    for (const file of scenarioFiles(root)) {
      for (const ext of REPORT_EXTENSIONS) {
        const name = `${basename(file, '.json')}.${ext}`;
        const fresh = readFileSync(join(dir, name), 'utf8');
        let committed: string | undefined;
        try {
          committed = readFileSync(join(root, 'reports', name), 'utf8');
        } catch {
          committed = undefined;
        }
        if (committed !== fresh) stale.push(`reports/${name}`);
      }
    }
    return stale;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { packageRoot } = await import('../src/model/package-root.js');
  const root = packageRoot();
  if (process.argv.includes('--check')) {
    const stale = await staleReports(root);
    console.log(stale.length === 0 ? 'every study report is up to date' : `stale (run npm run reports): ${stale.join(', ')}`);
    process.exitCode = stale.length === 0 ? 0 : 1;
  } else {
    await writeReports(root, join(root, 'reports'), (line) => console.log(line));
  }
}
