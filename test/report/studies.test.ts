// The paper's studies as committed reports: `npm run reports` writes the same bytes again (so CI fails when a
// change to the engine or a scenario leaves a committed report stale), and every HTML report opens in headless
// Chromium without console errors, with its charts drawn.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioFiles, staleReports } from '../../scripts/reports.js';
import { ROOT } from '../root.js';
import { CHROMIUM, chromium, pageProblems, requireTool } from '../tools.js';

const STUDIES = scenarioFiles(ROOT).map((f) => basename(f, '.json'));

describe('the study reports in reports/', () => {
  it('cover the paper scenario and the studies of issue 12', () => {
    for (const name of [
      'paper-llama-70b',
      'study-llama-70b',
      'study-resnet101-imagenet',
      'study-vit-b16',
      'study-vit-l16',
      'study-cifar10-resnet18',
      'study-cifar10-resnet50',
      'study-finetune-7-12b',
    ]) {
      expect(STUDIES).toContain(name);
    }
  });

  it('are what npm run reports writes today (run it after changing the engine or a scenario)', async () => {
    expect(await staleReports(ROOT)).toEqual([]);
  }, 600_000);

  it.for(STUDIES)('%s.html opens in headless Chromium without console errors, charts drawn', (name, ctx) => {
    requireTool(ctx, CHROMIUM);
    const profile = mkdtempSync(join(tmpdir(), 'segplan-chromium-'));
    const url = `file://${join(ROOT, 'reports', `${name}.html`)}`;
    const dom = chromium(['--dump-dom', url], profile);
    expect(dom.status, dom.stderr).toBe(0);
    const charts = readFileSync(join(ROOT, 'reports', `${name}.html`), 'utf8').match(/<svg/g)?.length ?? 0;
    expect(charts).toBeGreaterThanOrEqual(3);
    expect(dom.stdout.match(/<svg/g)?.length ?? 0).toBe(charts);
    const shot = join(profile, `${name}.png`);
    const r = chromium(['--screenshot=' + shot, '--window-size=1200,3000', url], profile);
    expect(r.status, r.stderr).toBe(0);
    expect(pageProblems(r.stderr, dom.stderr)).toEqual([]);
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });

  it('open with findings, name their scenario and link the validation report', () => {
    for (const name of STUDIES.filter((n) => n.startsWith('study-'))) {
      const md = readFileSync(join(ROOT, 'reports', `${name}.md`), 'utf8');
      const findings = md.indexOf('## Findings');
      expect(findings, name).toBeGreaterThan(0);
      expect(findings, `${name}: findings come before the tables`).toBeLessThan(md.indexOf('## Strategies compared'));
      expect(md).toContain(`scenario: reports/scenarios/${name}.json`);
      expect(md).toContain('validation.md');
    }
  });
});
