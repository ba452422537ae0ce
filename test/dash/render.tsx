// Renders the dashboard with ink-testing-library at a fixed size, with a fake validation runner by default.
import { render } from 'ink-testing-library';
import { App } from '../../src/dash/app.js';
import { newDeriveCache } from '../../src/dash/derive.js';
import type { Settings } from '../../src/dash/settings.js';
import { catalogSources } from '../../src/dash/sources.js';
import { initialState } from '../../src/dash/state.js';
import type { ValidationRunner } from '../../src/dash/validation-run.js';
import type { StrategyName } from '../../src/vocabulary.js';
import { paperSettings } from './fixtures.js';

const sources = catalogSources();
const cache = newDeriveCache();

export interface Options {
  settings?: Partial<Settings>;
  strategies?: StrategyName[];
  columns?: number;
  rows?: number;
  colour?: boolean;
  runValidation?: ValidationRunner;
  /** follow ink-testing-library's stdout (100 columns, resize events) instead of a fixed size */
  followTerminal?: boolean;
}

export function renderDash(o: Options = {}) {
  const never: ValidationRunner = () => new Promise(() => {});
  return render(
    <App
      initial={initialState(paperSettings(o.settings), o.strategies)}
      sources={sources}
      colour={o.colour ?? false}
      runValidation={o.runValidation ?? never}
      size={o.followTerminal ? undefined : { columns: o.columns ?? 80, rows: o.rows ?? 24 }}
      cache={cache}
    />,
  );
}

/** lets ink process a key and repaint */
export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until ink has written no new frame for `quietMs` (a re-plan can take a few hundred ms, and ink
 * throttles frames to 30 per second), at most `maxMs`.
 */
export async function settle(stdout: { frames: string[] }, quietMs = 150, maxMs = 5000): Promise<void> {
  const start = Date.now();
  let count = stdout.frames.length;
  let since = Date.now();
  while (Date.now() - start < maxMs) {
    await tick(10);
    if (stdout.frames.length !== count) {
      count = stdout.frames.length;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return;
    }
  }
}

export async function press(r: { stdin: { write(s: string): void }; stdout: { frames: string[] } }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    r.stdin.write(k);
    await settle(r.stdout);
  }
}

export const KEY = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', enter: '\r', esc: '\u001B', tab: '\t', backspace: '\u007F' };
