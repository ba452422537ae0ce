// docs/dash-screen.txt (linked from the README and docs/dashboard.md) is the dashboard's first screen at 80×24 as
// this build draws it: a change to the engine or the layout must come with the new screen, or the docs show
// numbers the tool no longer prints. SEGPLAN_WRITE_DASH_SCREEN=1 rewrites it.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ready, renderDash } from './render.js';

const SCREEN = new URL('../../docs/dash-screen.txt', import.meta.url);
const GUIDE = new URL('../../docs/dashboard.md', import.meta.url);

describe('the documented first screen', () => {
  it('docs/dash-screen.txt is the first screen at 80×24, and docs/dashboard.md quotes its first lines', async () => {
    const r = renderDash();
    const frame = (await ready(r)).trimEnd() + '\n';
    r.unmount();
    if (process.env.SEGPLAN_WRITE_DASH_SCREEN === '1') writeFileSync(SCREEN, frame);
    expect(readFileSync(SCREEN, 'utf8')).toBe(frame);
    // the guide shows the title, the knobs and the first rows of the table
    const quoted = frame.split('\n').slice(0, 8).join('\n');
    expect(readFileSync(GUIDE, 'utf8')).toContain(quoted);
  });
});
