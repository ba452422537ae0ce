// Renders the dashboard with ink-testing-library at a fixed size, with a fake validation runner by default.
import { render } from 'ink-testing-library';
import { App } from '../../src/dash/app.js';
import { newDeriveCache } from '../../src/dash/derive.js';
import type { Settings } from '../../src/dash/settings.js';
import { catalogSources } from '../../src/dash/sources.js';
import { initialState } from '../../src/dash/state.js';
import type { ValidationRunner } from '../../src/dash/validation-run.js';
import type { StrategyName } from '../../src/plan/types.js';
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
}

export function renderDash(o: Options = {}) {
  const never: ValidationRunner = () => new Promise(() => {});
  return render(
    <App
      initial={initialState(paperSettings(o.settings), o.strategies)}
      sources={sources}
      colour={o.colour ?? false}
      runValidation={o.runValidation ?? never}
      size={{ columns: o.columns ?? 80, rows: o.rows ?? 24 }}
      cache={cache}
    />,
  );
}

/** lets ink process a key and repaint */
export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

export async function press(stdin: { write(s: string): void }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await tick();
  }
}

export const KEY = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', enter: '\r', esc: '\u001B', tab: '\t', backspace: '\u007F' };
