// segplan compare-snapshot: a memory history of a real step beside the plan of the same job. The real step is
// PyTorch on this machine's CPU (the harness emits its allocator history in the format of a CUDA snapshot
// summary); the converter of CUDA snapshot pickles runs on a small pickle written here (it needs no torch).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { torchSuiteCases } from '../../../src/validate/torch/suite.js';
import { parseSnapshot } from '../../../src/validate/torch/snapshot.js';
import { ROOT, segplan, stderrLines } from '../../cli/run.js';
import { requireTorch } from './python.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'segplan-snapshot-'));
const bert = torchSuiteCases('quick').find((c) => c.name === 'bert-style/e2e-sgd')!;
const spec = path.join(dir, 'bert.json');
writeFileSync(spec, JSON.stringify(bert.model.spec));
const JOB = [
  '--strategy',
  'e2e',
  '--gpus',
  '1',
  '--micro-batch',
  '4',
  '--seq-len',
  '40',
  '--precision',
  'fp32',
  '--optimizer',
  'sgd',
  '--checkpointing',
  'none',
  '--attention',
  'math',
];

describe('segplan compare-snapshot', () => {
  it("agrees with a real step's allocator history at the peak, and splits model states from the step", async (ctx) => {
    const python = requireTorch(ctx);
    const cases = path.join(dir, 'cases.json');
    writeFileSync(cases, JSON.stringify({ protocol: 1, device: 'cpu', cases: [{ ...bert, trace: true }] }));
    const h = spawnSync(python, [path.join(ROOT, 'harness', 'torch_harness.py'), cases], { encoding: 'utf8', timeout: 120_000 });
    expect(h.status).toBe(0);
    const snap = path.join(dir, 'snapshot.json');
    writeFileSync(snap, JSON.stringify((JSON.parse(h.stdout) as { results: { snapshot: unknown }[] }).results[0]!.snapshot));
    const r = await segplan(['compare-snapshot', spec, '--snapshot', snap, '--json', ...JOB]);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as { rows: { what: string; error: number }[]; verdict: string };
    for (const row of c.rows) expect({ what: row.what, close: Math.abs(row.error) < 0.03 }).toEqual({ what: row.what, close: true });
    expect(c.verdict).toBe('the run and the plan agree within 3% at the peak');
  });

  it('names the part that differs: a run whose step allocates 30% more than planned', async () => {
    const base = { protocol: 1, kind: 'cuda-memory-snapshot', device: 0, events: 2, peakEvent: 2, peakFrames: ['train.py:10 step'], reservedBytes: 0 };
    // the plan of the job, read back through the same command with a snapshot equal to its own numbers
    const probe = path.join(dir, 'probe.json');
    writeFileSync(probe, JSON.stringify({ ...base, allocatedAtStart: 1, allocatedAtEnd: 1, peakAllocated: 1, curve: [1, 1, 1] }));
    const plan = JSON.parse((await segplan(['compare-snapshot', spec, '--snapshot', probe, '--json', ...JOB])).stdout) as { rows: { planned: number }[] };
    const [states, step] = plan.rows.map((r) => r.planned) as [number, number];
    const off = path.join(dir, 'off.json');
    const peak = states + Math.round(step * 1.3);
    writeFileSync(off, JSON.stringify({ ...base, allocatedAtStart: states, allocatedAtEnd: states, peakAllocated: peak, curve: [states, peak, states] }));
    const r = await segplan(['compare-snapshot', spec, '--snapshot', off, ...JOB]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/they part ways in the step's allocations: the run has \d+ bytes more than planned/);
    expect(r.stdout).toContain('train.py:10 step');
  });

  it('converts a CUDA snapshot pickle without torch: history replayed from the end state, C++ frames dropped', (ctx) => {
    const py = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import pickle'], { encoding: 'utf8' }).status === 0);
    if (!py) return ctx.skip('no python3 to run harness/snapshot_to_json.py');
    const pickle = path.join(dir, 'snap.pickle');
    const write = `import pickle
snap = {"segments": [{"device": 0, "total_size": 8388608, "blocks": [{"size": 1000, "state": "active_allocated"}, {"size": 500, "state": "inactive"}]}],
 "device_traces": [[{"action": "alloc", "addr": 1, "size": 300, "frames": [{"filename": "train.py", "line": 10, "name": "forward"}]},
  {"action": "alloc", "addr": 2, "size": 400, "frames": [{"filename": "CUDACachingAllocator.cpp", "line": 1, "name": "malloc"}, {"filename": "model.py", "line": 42, "name": "attn"}]},
  {"action": "free_requested", "addr": 1, "size": 300}, {"action": "free_completed", "addr": 1, "size": 300}]]}
pickle.dump(snap, open(${JSON.stringify(pickle)}, "wb"))`;
    expect(spawnSync(py, ['-c', write]).status).toBe(0);
    const out = spawnSync(py, [path.join(ROOT, 'harness', 'snapshot_to_json.py'), pickle], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    const s = parseSnapshot(out.stdout, 'snapshot.json');
    // 1000 allocated at the end, +300 +400 −300 in the history: 600 at the start, 1300 at the peak
    expect(s).toMatchObject({
      allocatedAtStart: 600,
      peakAllocated: 1300,
      reservedBytes: 8388608,
      peakFrames: ['model.py:42 attn'],
      curve: [600, 900, 1300, 1000],
    });
  });

  it('says in one line what is wrong with the snapshot', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"kind": "something else"}');
    const r = await segplan(['compare-snapshot', spec, '--snapshot', bad, ...JOB]);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual([
      `segplan: error: ${bad}: at /kind: expected the summary of harness/snapshot_to_json.py (kind "cuda-memory-snapshot", protocol 1)`,
    ]);
    const none = await segplan(['compare-snapshot', spec, ...JOB]);
    expect(none.code).toBe(2);
    expect(stderrLines(none)[0]).toMatch(/--snapshot FILE is required/);
    expect(readFileSync(spec, 'utf8')).toContain('bert-style'); // the user's file is untouched
  });
});
