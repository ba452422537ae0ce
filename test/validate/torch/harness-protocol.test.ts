// The child-process protocol with the PyTorch harness, without PyTorch: a stand-in interpreter answers as the
// harness would on a GPU machine (device cuda, max_memory_reserved), or fails as it does without torch/CUDA.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import { parseMeasured } from '../../../src/validate/torch/harness.js';
import { casesFile, importMeasured, runTorchValidation, selectCases } from '../../../src/validate/torch/run.js';
import { at } from '../../at.js';

/** An executable that reads the cases on stdin and answers with `body` (a JS function of the cases file). */
function fakePython(body: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'segplan-fake-python-'));
  const file = path.join(dir, 'python');
  writeFileSync(
    file,
    `#!${process.execPath}\nlet s = '';\nprocess.stdin.on('data', (d) => (s += d));\nprocess.stdin.on('end', () => { const doc = JSON.parse(s); (${body})(doc); });\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

const GPU_ANSWER = `(doc) => {
  const results = doc.cases.map((c, i) => ({ name: c.name, case: c, measured: {
    params: 1, trainableParams: 1, paramBytes: 4, optimizerStateBytes: 0, batchBytes: 8, liveAtStepStart: 12,
    peakBytes: 1000 + i, reservedBytes: 2048 + i, savedBytes: 500,
    flops: { forward: 1, inputGrad: 1, weightGrad: 1, recompute: 0, total: 3 }, stepSeconds: 0.01 } }));
  process.stderr.write(doc.cases.map((c, i) => 'case ' + (i + 1) + '/' + doc.cases.length + ' ' + c.name + '\\n').join(''));
  process.stdout.write(JSON.stringify({ protocol: 1, environment: { torch: '2.4.1', torchvision: '0.19.1', device: doc.device, threads: 16, gpu: 'NVIDIA H100 80GB HBM3' }, results }));
}`;

describe('the PyTorch harness protocol', () => {
  it('sends the cases with device cuda for torch-cuda and compares what comes back, reserved bytes kept', async () => {
    const seen: string[] = [];
    const run = await runTorchValidation({
      backend: 'torch-cuda',
      suite: 'quick',
      caseName: 'vit/e2e',
      python: fakePython(GPU_ANSWER),
      onProgress: (e) => seen.push(`${e.done}/${e.total}`),
    });
    expect(run.environment.device).toBe('cuda');
    expect(run.results.length).toBeGreaterThan(1);
    expect(seen[0]).toBe(`0/${run.results.length}`);
    for (const r of run.results) {
      expect(r.backend).toBe('torch-cuda');
      expect(r.measured.reservedBytes).toBeGreaterThan(r.measured.peakBytes);
      if (r.predicted) expect(r.errors!.peakBytes).toBeCloseTo((r.predicted.peakBytes - r.measured.peakBytes) / r.measured.peakBytes, 12);
    }
  });

  it('turns a missing torch or CUDA into one line that says what to do', async () => {
    const noTorch = fakePython(`() => { process.stderr.write('segplan-harness: PyTorch is not installed for x\\n'); process.exit(3); }`);
    await expect(runTorchValidation({ backend: 'torch', suite: 'quick', caseName: 'vit/e2e-sgd', python: noTorch })).rejects.toThrow(
      /PyTorch is not installed .*apt-get install -y python3-torch/,
    );
    const noCuda = fakePython(`() => { process.stderr.write('segplan-harness: CUDA is not available to torch 2.4.1\\n'); process.exit(3); }`);
    await expect(runTorchValidation({ backend: 'torch-cuda', suite: 'quick', caseName: 'vit/e2e-sgd', python: noCuda })).rejects.toThrow(
      /CUDA is not available to torch 2\.4\.1: .*--export/,
    );
    await expect(runTorchValidation({ backend: 'torch', suite: 'quick', python: '/no/such/python' })).rejects.toBeInstanceOf(UserError);
  });

  it('says which signal killed a harness (the OOM killer) rather than "status null"', async () => {
    const killed = fakePython(`() => process.kill(process.pid, 'SIGKILL')`);
    await expect(runTorchValidation({ backend: 'torch', suite: 'quick', caseName: 'vit/e2e-sgd', python: killed })).rejects.toThrow(
      /^the PyTorch harness was killed by SIGKILL$/,
    );
  });

  it('exports cases a harness can run without Node, and reads its answer back', () => {
    const file = casesFile('torch-cuda', selectCases('quick', 'gpt2-style/e2e-sgd'));
    expect(file).toMatchObject({ protocol: 1, device: 'cuda' });
    const first = at(file.cases, 0, 'exported case');
    expect(first.blocks.at(-1)).toEqual({ name: 'loss', role: 'train', layer: false });
    const answer = JSON.stringify({
      protocol: 1,
      environment: { torch: '2.4.1', torchvision: null, device: 'cuda', threads: 1 },
      results: [{ name: first.name, case: first, error: 'RuntimeError: CUDA out of memory' }],
    });
    expect(importMeasured(answer, 'm.json').failed).toEqual([{ name: 'gpt2-style/e2e-sgd', error: 'RuntimeError: CUDA out of memory' }]);
  });

  it('names the file and the field of a measurements file it cannot use', () => {
    expect(() => parseMeasured('{', 'm.json')).toThrow(/^m\.json: not JSON/);
    expect(() => parseMeasured('{"protocol": 7}', 'm.json')).toThrow(/^m\.json: at \/protocol: /);
    expect(() => parseMeasured('{"protocol": 1, "environment": {"torch": "2.4", "device": "tpu"}}', 'm.json')).toThrow(/^m\.json: at \/environment: /);
    expect(() => parseMeasured('{"protocol": 1, "environment": {"torch": "2.4", "device": "cpu"}, "results": [3]}', 'm.json')).toThrow(/at \/results\/0: /);
  });
});
