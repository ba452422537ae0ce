// Benchmark: full plans (memory peaks, max micro-batch, FLOPs by phase, step time), next to the grid's
// max-micro-batch evaluations (sweep.bench.ts). Four figures, each the best of several runs, wall-clock and
// CPU time of this single-threaded process:
//   1. one LLaMA-2-70B SegProp plan with 80 stages (segment 1, head 0, no prefix)           target < 1 ms
//   2. 2,000 different full plans in process (segment 1..40 × head 0..24 × both forwards)   plans per second
//   3. `segplan sweep` of the same 2,000 plans end to end, a child process printing CSV      target >= 2,000/s
//   4. a dashboard keypress: derive() after one SegProp knob changes (three strategies)      target < 16 ms
//      (median, 95th percentile and worst: a keypress may land on a garbage collection), in this process and
//      (4b) in a fresh one like a `segplan dash` session, keys back to back and with the dashboard's look-ahead
// Run: npm run bench (builds first).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogSources } from '../src/dash/sources.js';
import { derive, newDeriveCache, requestFor } from '../src/dash/derive.js';
import { newPlanCache, plan } from '../src/plan/plan.js';
import type { PlanRequest } from '../src/plan/types.js';
import type { ForwardMode } from '../src/vocabulary.js';
import { firstScreen, keys, spread, STRATEGIES } from './dash-keys.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, 'dist', 'cli', 'main.js');

interface Timing {
  wall: number;
  cpu: number;
}

/** Best of `runs` timings of `f` (seconds of wall and CPU time). */
function best(runs: number, f: () => void): Timing {
  let wall = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { wall, cpu };
}

/**
 * CPU seconds used by this process's finished children (Linux: cutime + cstime of /proc/self/stat, in USER_HZ
 * ticks of 1/100 s), or undefined where there is no /proc. On a machine shared with other work a child's wall
 * time grows with the load; its CPU time much less.
 */
function childCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // the fields after the command name (which may hold spaces) start with field 3; cutime, cstime are 16, 17
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

const ms = (s: number) => `${(s * 1000).toFixed(3)} ms`;
const perSecond = (n: number, s: number) => Math.round(n / s).toLocaleString('en-US');

// every request is built as the dashboard builds its own (src/dash/derive.ts), so the plans of items 1, 2 and 4
// meet the engine with one object shape: requests of another shape (literals written field by field) would make
// the optimized engine code of items 1 and 2 deoptimize ("wrong map") at item 4's first keys, a mix that no
// dashboard session has
const sources = catalogSources();
const screen = firstScreen();
const model = sources.model('llama-2-70b');
const gpu = sources.gpu('a100-40gb');
const segpropRequest = (segmentSize: number, headDepth: number, prefixDepth: number, forward: ForwardMode): PlanRequest =>
  requestFor({ ...screen, segmentSize, headDepth, prefixDepth, forward }, 'segprop', model, gpu);
const base = segpropRequest(1, 0, 0, 'full');

// 1. one 80-stage plan, warm (graphs, summaries and costs cached, as in any sweep or dashboard session)
{
  const cache = newPlanCache();
  const stages = plan(base, cache).stages.length;
  const reps = 200;
  const t = best(5, () => {
    for (let i = 0; i < reps; i++) plan(base, cache);
  });
  console.log(`1. LLaMA-2-70B SegProp plan, ${stages} stages: ${ms(t.wall / reps)} wall, ${ms(t.cpu / reps)} CPU per plan (target < 1 ms)`);
}

// 2. 2,000 different plans in process
const grid: PlanRequest[] = [];
for (let segmentSize = 1; segmentSize <= 40; segmentSize++) {
  for (let headDepth = 0; headDepth < 25; headDepth++) {
    for (const forward of ['full', 'growing'] as const) grid.push(segpropRequest(segmentSize, headDepth, 8, forward));
  }
}
{
  const cache = newPlanCache();
  let stages = 0;
  for (const r of grid) stages += plan(r, cache).stages.length;
  const t = best(5, () => {
    for (const r of grid) plan(r, cache);
  });
  console.log(
    `2. ${grid.length} full plans in process (${(stages / grid.length).toFixed(1)} stages on average): ` +
      `${perSecond(grid.length, t.wall)} plans/s wall, ${perSecond(grid.length, t.cpu)} per CPU-second`,
  );
}

// 3. the same plans through the CLI, end to end (start-up, flag parsing, planning, the frontier, CSV out)
{
  const args = [BIN, 'sweep', '--vary', 'segment-size=1..40', '--vary', 'head-depth=0..24', '--vary', 'forward=full,growing', '--csv'];
  let wall = Infinity;
  let cpu = Infinity;
  let rows = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const c0 = childCpuSeconds();
    const out = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (out.status !== 0) throw new Error(`segplan sweep exited ${String(out.status ?? out.signal)}: ${out.stderr}`);
    wall = Math.min(wall, (performance.now() - t0) / 1000);
    const c1 = childCpuSeconds();
    if (c0 !== undefined && c1 !== undefined) cpu = Math.min(cpu, c1 - c0);
    rows = out.stdout.trim().split('\n').length - 1;
  }
  const cpuText = Number.isFinite(cpu) && cpu > 0 ? `, ${cpu.toFixed(2)} s CPU = ${perSecond(rows, cpu)} per CPU-second` : '';
  console.log(`3. segplan sweep of ${rows} full plans, end to end: ${wall.toFixed(3)} s wall = ${perSecond(rows, wall)} plans/s${cpuText} (target >= 2,000/s)`);
}

// 4. dashboard keypresses: each changes a SegProp knob, so SegProp re-plans (E2E and FSDP are remembered)
{
  const cache = newDeriveCache();
  const first = screen;
  derive(first, STRATEGIES, sources, cache);
  const times = keys(first).map(({ settings }) => {
    const t0 = performance.now();
    derive(settings, STRATEGIES, sources, cache);
    return (performance.now() - t0) / 1000;
  });
  console.log(`4. dashboard keypress (${times.length} SegProp knob changes, in this process): ${spread(times, ms)} wall (target < 16 ms)`);
}

// 4b. the same keys in a fresh process, as a `segplan dash` session meets them: back to back, and at a person's
// pace (the dashboard's look-ahead, src/dash/look-ahead.ts, run to its end, then 100 ms idle before each key)
for (const mode of ['', 'look-ahead']) {
  const out = spawnSync(process.execPath, [join(ROOT, 'dist', 'bench', 'dash-session.bench.js'), ...(mode ? [mode] : [])], { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`dash-session.bench exited ${String(out.status ?? out.signal)}: ${out.stderr}`);
  const r = JSON.parse(out.stdout) as { firstScreenSeconds: number; keyTimes: number[]; pauses: number[] };
  const pace = mode ? `; the look-ahead took ${spread(r.pauses, ms)} after a key` : '';
  console.log(
    `4b. fresh dashboard session, ${mode ? 'look-ahead and 100 ms between keys' : 'keys back to back'}: first screen ${ms(r.firstScreenSeconds)}; ` +
      `keypress ${spread(r.keyTimes, ms)} (first key ${ms(r.keyTimes[0]!)})${pace}`,
  );
}
