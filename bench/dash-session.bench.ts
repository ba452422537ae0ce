// One dashboard session in a process of its own, as `segplan dash` runs it: the first screen, then the keys of
// dash-keys.ts, each timed from its settings to its plans (derive()). With `look-ahead` (what the dashboard
// does), keys come at a person's pace: after the first screen and after each key, the settings one key away are
// planned to the end, then the process is idle for IDLE_MS (a fast typist's interval between keys, in which V8
// finishes compiling in the background) before the next key; the time the look-ahead took is reported beside.
// Without it, the keys come back to back. Prints one JSON line; plan.bench.ts item 4b runs it both ways.
// Run: node dist/bench/dash-session.bench.js [look-ahead]
import { derive, newDeriveCache } from '../src/dash/derive.js';
import { lookAhead, neighbours } from '../src/dash/look-ahead.js';
import type { Settings } from '../src/dash/settings.js';
import { catalogSources } from '../src/dash/sources.js';
import type { KnobId } from '../src/dash/knobs.js';
import { firstScreen, keys, STRATEGIES } from './dash-keys.js';

const ahead = process.argv[2] === 'look-ahead';
const IDLE_MS = 100;
const sources = catalogSources();
const cache = newDeriveCache();
const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** a person's pause before the next key: the look-ahead of these settings to its end, then IDLE_MS; returns the look-ahead's time */
async function pause(s: Settings, knob: KnobId): Promise<number> {
  if (!ahead) return 0;
  const t0 = performance.now();
  await new Promise<void>((done) => lookAhead(neighbours(s, knob), STRATEGIES, sources, cache, done));
  const took = seconds(t0);
  await new Promise((done) => setTimeout(done, IDLE_MS));
  return took;
}

const first = firstScreen();
let t0 = performance.now();
derive(first, STRATEGIES, sources, cache);
const firstScreenSeconds = seconds(t0);
const pauses = [await pause(first, 'segmentSize')];
const keyTimes: number[] = [];
for (const key of keys(first)) {
  t0 = performance.now();
  derive(key.settings, STRATEGIES, sources, cache);
  keyTimes.push(seconds(t0));
  pauses.push(await pause(key.settings, key.knob));
}
console.log(JSON.stringify({ firstScreenSeconds, keyTimes, pauses }));
