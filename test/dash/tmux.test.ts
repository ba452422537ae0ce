// The real binary in a real terminal: tmux runs `segplan dash` at 80×24, keys go in with send-keys, the
// screen comes back with capture-pane. Needs dist/ (the system tests build it first) and tmux (.ci/run installs it).
import { enginePeak } from './fixtures.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { builtBin } from '../e2e/binary.js';
import { ROOT } from '../root.js';
import { missingReason, requireTool, TMUX } from '../tools.js';

const SOCKET = `segplan-dash-test-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', cwd: ROOT });
}

function screen(session: string, escapes = false): string {
  return tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', session);
}

async function waitFor(session: string, test: (s: string) => boolean, what: string, ms = 30_000): Promise<string> {
  const start = Date.now();
  let last = '';
  while (Date.now() - start < ms) {
    last = screen(session);
    if (test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${last}`);
}

/** starts `segplan dash ARGS` in a detached session (80×24 unless given); `env` prefixes the command (NO_COLOR=1, ...) */
function start(session: string, env: string, args = '', size: [number, number] = [80, 24]): void {
  // a person's terminal: without CI variables (ink renders only the last frame when it detects CI)
  const cmd = `env -u FORCE_COLOR -u NO_COLOR -u CI -u CONTINUOUS_INTEGRATION -u BUILD_NUMBER -u RUN_ID ${env} node ${JSON.stringify(builtBin())} dash ${args}; echo "EXIT:$?"; sleep 120`;
  tmux('new-session', '-d', '-x', String(size[0]), '-y', String(size[1]), '-s', session, '-c', ROOT, cmd);
}

/** an SGR sequence that sets a foreground or background colour */
// eslint-disable-next-line no-control-regex -- the ESC (0x1B) that starts an SGR sequence is what this matches
const COLOUR_SGR = /\u001B\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

afterAll(() => {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

describe('segplan dash in tmux (80×24)', () => {
  const tmuxMissing = missingReason(TMUX);
  beforeEach((ctx) => requireTool(ctx, TMUX, tmuxMissing));

  it('plans, reacts to keys, has no colour under NO_COLOR, and q restores the terminal', async () => {
    start('plain', 'NO_COLOR=1');
    const first = await waitFor('plain', (s) => s.includes('★ SegProp winner'), 'the first frame');
    expect(first).toMatch(/feasible\s+✗ b=1 > GPU memory\s+✗ host RAM too small ✓ fits/);
    for (const line of first.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(screen('plain', true)).not.toMatch(COLOUR_SGR);

    tmux('send-keys', '-t', 'plain', 'k');
    const after = await waitFor('plain', (s) => s.includes('[segment 9]'), 'segment size 9');
    expect(after).toMatch(new RegExp(`peak/GPU\\s+${enginePeak('e2e')}\\s+${enginePeak('fsdp-offload')}\\s+${enginePeak('segprop', 9)}`));

    tmux('send-keys', '-t', 'plain', '?');
    await waitFor('plain', (s) => s.includes('segplan dash · keys'), 'the help');
    tmux('send-keys', '-t', 'plain', 'Escape');
    await waitFor('plain', (s) => s.includes('max µbatch'), 'the dashboard again');

    tmux('resize-window', '-t', 'plain', '-x', '60', '-y', '24');
    const narrow = await waitFor('plain', (s) => /^max µb\s/m.test(s), 'short labels after resizing to 60 columns');
    for (const line of narrow.split('\n')) expect(line.length).toBeLessThanOrEqual(60);

    tmux('send-keys', '-t', 'plain', 'q');
    const end = await waitFor('plain', (s) => s.includes('EXIT:'), 'the exit');
    expect(end).toContain('EXIT:0');
    // the alternate screen is gone: nothing of the dashboard is left on the terminal
    expect(end).not.toContain('max µ');
    expect(end).not.toContain('segplan dash');
  });

  it('uses colour when NO_COLOR is not set', async () => {
    start('colour', '');
    await waitFor('colour', (s) => s.includes('★ SegProp winner'), 'the first frame');
    expect(screen('colour', true)).toMatch(COLOUR_SGR);
    tmux('send-keys', '-t', 'colour', 'q');
    await waitFor('colour', (s) => s.includes('EXIT:0'), 'the exit');
  });

  it('100×30 on A100-80GB: the title on the first row, no blank line, nothing wider; a burst of keys edits a knob', async () => {
    start('wide', 'NO_COLOR=1', '--gpu a100-80gb', [100, 30]);
    const first = await waitFor('wide', (s) => /^←→ knob/m.test(s) && s.includes('SegProp stages (10)'), 'the first frame');
    const lines = first.replace(/\n+$/, '').split('\n');
    expect(lines[0]).toMatch(/^segplan dash · llama-2-70b \(69\.0B params\) · 8 × a100-80gb @ 80\.0 GiB · 1 node/);
    expect(lines.length).toBeLessThanOrEqual(29);
    for (const [i, line] of lines.entries()) {
      expect(line.length, line).toBeLessThanOrEqual(100);
      expect(line.trim(), `line ${i + 1} is blank:\n${first}`).not.toBe('');
    }
    // Right Right selects gpus; Enter 4 Enter arrive in one write and apply 4 GPUs
    tmux('send-keys', '-t', 'wide', 'Right', 'Right');
    await waitFor('wide', (s) => s.includes('[gpus 8]'), 'the gpus knob');
    tmux('send-keys', '-t', 'wide', 'Enter', '4', 'Enter');
    const after = await waitFor('wide', (s) => s.includes('[gpus 4]'), '4 GPUs');
    expect(after).not.toContain('type gpus');
    tmux('send-keys', '-t', 'wide', 'q');
    await waitFor('wide', (s) => s.includes('EXIT:0'), 'the exit');
  });

  it('refuses to run without a terminal: one line on stderr, exit 2', () => {
    const r = spawnSync(process.execPath, [builtBin(), 'dash'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'segplan: error: segplan dash needs an interactive terminal (stdout is not a TTY); for plain output use segplan compare',
    ]);
  });
});
