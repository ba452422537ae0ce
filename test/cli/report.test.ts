// segplan report: Markdown + self-contained HTML, never overwriting without --force, and the HTML opened in
// headless Chromium (no console errors, no blocked or failed loads, the charts in the DOM).
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, chromium, pageProblems, requireTool } from '../tools.js';
import { segplan, stderrLines } from './run.js';

describe('segplan report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segplan-report-'));
  const base = join(dir, 'paper');
  let html = '';

  beforeAll(async () => {
    const r = await segplan(['report', '-o', base]);
    expect(r.code, r.stderr).toBe(0);
    html = readFileSync(`${base}.html`, 'utf8');
  });

  it('writes Markdown and HTML with the comparison, charts and frontier', () => {
    const md = readFileSync(`${base}.md`, 'utf8');
    expect(md).toMatch(/^# LLaMA-2-70B on 8 x A100-40GB/);
    expect(md).toMatch(/\| strategy \| fits \|/);
    expect(md).toMatch(/Sweep \(20 plans\)/);
    // memory by strategy, max micro-batch, SegProp stages, frontier
    expect(html.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(4);
    expect(html).toContain('Pareto frontier');
  });

  it('is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
  });

  it('never overwrites without --force; --force replaces both files', async () => {
    writeFileSync(`${base}.md`, 'mine');
    const before = statSync(`${base}.html`).mtimeMs;
    const r = await segplan(['report', '-o', base, '--no-sweep']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(`${base}.md`, 'utf8')).toBe('mine');
    expect(statSync(`${base}.html`).mtimeMs).toBe(before);
    const forced = await segplan(['report', '-o', base, '--no-sweep', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(`${base}.md`, 'utf8')).toMatch(/^# /);
    expect(readFileSync(`${base}.html`, 'utf8')).not.toContain('Pareto frontier');
  });

  it('escapes text from the scenario', async () => {
    const scenario = join(dir, 'evil.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        name: 'evil',
        title: '<script>alert(1)</script> & co',
        model: 'gpt2',
        cluster: { gpu: 'a10g', gpus: 1 },
        settings: { seqLen: 512 },
        strategies: [{ strategy: 'e2e', label: '<b>x</b>' }],
      }),
    );
    const r = await segplan(['report', scenario, '-o', join(dir, 'evil-report')]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(join(dir, 'evil-report.html'), 'utf8');
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
  });

  it('opens in headless Chromium without console errors and renders the charts', (ctx) => {
    requireTool(ctx, CHROMIUM);
    const profile = mkdtempSync(join(tmpdir(), 'segplan-chromium-'));
    const shot = join(dir, 'report.png');
    const url = `file://${base}.html`;
    const dom = chromium(['--dump-dom', url], profile);
    expect(dom.status, dom.stderr).toBe(0);
    expect(dom.stdout.match(/<svg/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    const r = chromium(['--screenshot=' + shot, '--window-size=1200,2400', url], profile);
    expect(r.status, r.stderr).toBe(0);
    const problems = pageProblems(r.stderr, dom.stderr);
    expect(problems).toEqual([]);
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });
});
