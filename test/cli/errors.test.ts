// User errors: exit 2, exactly one line on stderr naming the problem, no stack trace (unless --debug).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from './run.js';

function expectUserError(args: string[], pattern: RegExp): void {
  const r = segplan(args);
  expect(r.code, r.stderr).toBe(2);
  const lines = stderrLines(r);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^segplan: error: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
}

describe('user errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segplan-errors-'));

  it('unknown model suggests the closest', () => expectUserError(['plan', 'llama-2-70', '--strategy', 'fsdp'], /unknown model "llama-2-70".*llama-2-70b/));
  it('unknown GPU suggests the closest', () => expectUserError(['plan', '--gpu', 'a100-40g'], /unknown GPU.*a100-40gb/));
  it('unknown flag suggests the closest flag', () => expectUserError(['plan', '--seq-lne', '512'], /unknown flag --seq-lne.*did you mean --seq-len\?/));
  it('bad number', () => expectUserError(['plan', '--gpus', 'eight'], /--gpus: expected a positive integer, got "eight"/));
  it('bad choice', () => expectUserError(['compare', '--strategies', 'e2e,fdsp'], /--strategies: unknown value "fdsp".*fsdp/));
  it('bad --gpu-mem unit', () => expectUserError(['plan', '--gpu-mem', '40 parsecs'], /--gpu-mem/));
  it('missing model file', () => expectUserError(['plan', 'no/such/spec.json'], /no\/such\/spec\.json.*no such file/));
  it('missing scenario file', () => expectUserError(['report', join(dir, 'nope.json'), '-o', join(dir, 'x')], /nope\.json.*no such file/));
  it('unknown command', () => expectUserError(['plna'], /unknown command "plna".*plan/));
  it('bad --vary axis', () => expectUserError(['sweep', '--vary', 'head-dept=1,2'], /unknown axis "head-dept".*head-depth/));

  it('invalid spec file names the file and the JSON path', () => {
    const file = join(dir, 'bad-spec.json');
    writeFileSync(file, JSON.stringify({ family: 'decoder', name: 'x', hiddenSize: -5 }));
    expectUserError(['plan', file], /bad-spec\.json: at \//);
  });

  it('invalid JSON names the line', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "name": "x",\n  oops\n}');
    expectUserError(['plan', file], /broken\.json: at line 3/);
  });

  it('invalid scenario file names the JSON path', () => {
    const file = join(dir, 'bad-scenario.json');
    writeFileSync(file, JSON.stringify({ model: 'llama-2-7b', cluster: { gpu: 'a100-40gb', gpus: 0 } }));
    expectUserError(['plan', '--scenario', file], /bad-scenario\.json: at \/cluster\/gpus/);
  });

  it('--debug adds the stack trace', () => {
    const r = segplan(['plan', '--gpu', 'a100-40g', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('--help lists every flag with its default', () => {
    const r = segplan(['plan', '--help']);
    expect(r.code).toBe(0);
    for (const [flag, def] of [['--gpu', 'a100-40gb'], ['--gpus', '8'], ['--seq-len', '2048'], ['--micro-batch', 'auto'], ['--strategy', 'segprop'], ['--head-depth', '2']]) {
      expect(r.stdout).toMatch(new RegExp(`${flag} .*\\n?.*\\(default: ${def}\\)`));
    }
  });
});
