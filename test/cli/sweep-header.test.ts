// A sweep's table names each varied axis once: varying the strategy does not add a second "strategy" column.
import { describe, expect, it } from 'vitest';
import { segplan } from './run.js';

describe('segplan sweep header', () => {
  it('--vary gpu=… --vary strategy=…: gpu, strategy, fits, each once', async () => {
    const r = await segplan(['sweep', '--vary', 'gpu=a100-40gb,h100-sxm', '--vary', 'strategy=e2e,segprop']);
    expect(r.code, r.stderr).toBe(0);
    const header = r.stdout
      .split('\n')[1]!
      .trim()
      .split(/\s{2,}/);
    expect(header.slice(0, 3)).toEqual(['gpu', 'strategy', 'fits']);
    expect(header.filter((h) => h === 'strategy')).toHaveLength(1);
    // the strategy column holds the varied strategy
    expect(r.stdout.split('\n')[2]).toMatch(/^a100-40gb\s+e2e\s+NO\s/);
  });

  it('without a varied strategy the strategy column stays', async () => {
    const r = await segplan(['sweep', '--vary', 'segment-size=4,8']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[1]).toMatch(/^segment-size\s+strategy\s+fits\s/);
  });

  it('one point: "1 plan", "1 point"', async () => {
    const r = await segplan(['sweep', '--vary', 'gpu=h200']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Sweep of gpu (1 plan)');
    expect(r.stdout).toMatch(/^[01] of 1 point on the Pareto frontier/m);
  });
});
