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

/** what the helpers below read of a render: ink writes one frame per render (ink-testing-library runs it in debug mode) */
interface Rendered {
  stdin: { write(s: string): void };
  stdout: { frames: string[] };
  lastFrame(): string | undefined;
}

/** generous: a re-plan on two shared cores can take seconds; a frame that never comes fails the test here */
const FRAME_WAIT_MS = 20_000;

/**
 * Resolves with the newest frame as soon as `ok` holds (checked now and then every few ms, no wait for quiet);
 * fails after FRAME_WAIT_MS naming `what` and showing the last frame.
 */
export async function frameWhere(r: Rendered, ok: (frame: string) => boolean, what: string): Promise<string> {
  const start = Date.now();
  for (;;) {
    const frame = r.lastFrame() ?? '';
    if (ok(frame)) return frame;
    if (Date.now() - start > FRAME_WAIT_MS) throw new Error(`no frame with ${what} within ${FRAME_WAIT_MS} ms; the last one:\n${frame}`);
    await new Promise((done) => setTimeout(done, 5));
  }
}

/** the first frame of the dashboard (its title on the first line) */
export const ready = (r: Rendered) => frameWhere(r, (f) => f.startsWith('segplan dash'), 'the dashboard');

/** Types each key as a read of its own and waits for the frame it brings (every key here changes the state). */
export async function press(r: Rendered, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    const before = r.stdout.frames.length;
    r.stdin.write(k);
    await frameWhere(r, () => r.stdout.frames.length > before, `a new frame after the key ${JSON.stringify(k)}`);
  }
}

export const KEY = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', enter: '\r', esc: '\u001B', tab: '\t', backspace: '\u007F' };
