// `segplan validate` and `segplan calibrate` as a user runs them (in process, through main(argv, io)) on one small case.
import { describe, expect, it } from 'vitest';
import { segplan } from '../cli/run.js';

const PHASES = ['forward', 'inputGrad', 'weightGrad', 'recompute', 'total'];

/** one side of a case in `validate --json`, as far as this test reads it */
interface CaseSide {
  flops: Record<string, number>;
  peakBytes: number;
  savedBytes: number;
  stepSeconds: number;
  leakedTensors?: number;
}
interface ValidatedCase {
  name: string;
  predicted: CaseSide;
  measured: CaseSide;
}

describe('segplan validate', () => {
  it('--case NAME --json prints the case with predicted and measured flops, peak, saved bytes and step time', async () => {
    const r = await segplan(['validate', '--case', 'resnet-cifar/segprop-growing', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { backend: string; suite: string; cases: ValidatedCase[] };
    expect(out.backend).toBe('cpu');
    expect(out.suite).toBe('quick');
    expect(out.cases.map((c) => c.name)).toEqual(['resnet-cifar/segprop-growing']);
    const c = out.cases[0]!; // the one case checked above
    for (const side of ['predicted', 'measured'] as const) {
      expect(Object.keys(c[side].flops).sort()).toEqual([...PHASES].sort());
      for (const k of ['peakBytes', 'savedBytes', 'stepSeconds'] as const) expect(c[side][k]).toBeGreaterThan(0);
    }
    expect(c.measured.flops).toEqual(c.predicted.flops);
    expect(Math.abs(c.predicted.peakBytes - c.measured.peakBytes) / c.measured.peakBytes).toBeLessThanOrEqual(0.03);
    expect(c.measured.leakedTensors).toBe(0);
  });

  it('rejects an unknown backend and an unmatched case with one line on stderr and exit code 2', async () => {
    const bad = await segplan(['validate', '--backend', 'webgl']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const none = await segplan(['validate', '--case', 'no-such-case']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stdout).toBe('');
  });

  it('lists its flags with defaults in --help', async () => {
    const r = await segplan(['validate', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['--backend', '--suite', '--case', '--json', '--report']) expect(r.stdout).toContain(f);
    expect(r.stdout).toContain('(default: cpu)');
    expect(r.stdout).toContain('(default: quick)');
  });
});

describe('segplan calibrate', () => {
  it('--json prints positive measured rates of the backend', async () => {
    const r = await segplan(['calibrate', '--backend', 'wasm', '--json']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as Record<string, number | string>;
    expect(c.backend).toBe('wasm');
    for (const k of ['matmulFlopsPerSec', 'convFlopsPerSec', 'copyBytesPerSec', 'kernelOverheadSec']) expect(c[k] as number).toBeGreaterThan(0);
  });

  it('a backend that is not installed is a one-line user error (exit 2)', async () => {
    const r = await segplan(['calibrate', '--backend', 'tensorflow']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('@tensorflow/tfjs-node');
  });
});
