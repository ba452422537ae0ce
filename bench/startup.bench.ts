// Startup cost of the CLI: median wall time of 5 runs of a typical `segplan plan` against `node -e 0`
// (target: at most 3x). Run: npx tsc -p tsconfig.json && node dist/bench/startup.bench.js
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');
const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(args: string[]): number {
  const times: number[] = [];
  spawnSync(process.execPath, args, { cwd: ROOT }); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${String(r.status ?? r.signal)}: ${r.stderr}`);
    times.push(ms);
  }
  return median(times);
}

const baseline = time(['-e', '0']);
const plan = time([BIN, 'plan', 'llama-2-70b', '--gpu', 'a100-40gb', '--gpus', '8', '--strategy', 'fsdp-offload', '--micro-batch', 'auto']);
const help = time([BIN, '--help']);
const ratio = plan / baseline;
console.log(`node -e 0                  median of ${RUNS}: ${baseline.toFixed(1)} ms`);
console.log(`segplan --help             median of ${RUNS}: ${help.toFixed(1)} ms (${(help / baseline).toFixed(2)}x)`);
console.log(`segplan plan (fsdp-offload) median of ${RUNS}: ${plan.toFixed(1)} ms (${ratio.toFixed(2)}x; target <= 3x: ${ratio <= 3 ? 'met' : 'NOT met'})`);
