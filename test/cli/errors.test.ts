// User errors: exit 2, exactly one line on stderr naming the problem, no stack trace (unless --debug).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from './run.js';

async function expectUserError(args: string[], pattern: RegExp): Promise<void> {
  const r = await segplan(args);
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

  it('unknown model suggests the closest', async () =>
    expectUserError(['plan', 'llama-2-70', '--strategy', 'fsdp'], /unknown model "llama-2-70".*llama-2-70b/));
  it('unknown GPU suggests the closest', async () => expectUserError(['plan', '--gpu', 'a100-40g'], /unknown GPU.*a100-40gb/));
  it('unknown flag suggests the closest flag', async () => expectUserError(['plan', '--seq-lne', '512'], /unknown flag --seq-lne.*did you mean --seq-len\?/));
  it('a default that does not fit the model says it is the default', async () =>
    expectUserError(
      ['plan', 't5-small'],
      /--segment-size 8: must be an integer from 1 to 2 \(--segment-size was not given: that is its default; give it to choose\)$/,
    ));
  it('a typed or swept value is not called a default', async () => {
    await expectUserError(['plan', 't5-small', '--segment-size', '8'], /--segment-size 8: must be an integer from 1 to 2$/);
    await expectUserError(['sweep', 't5-small', '--vary', 'segment-size=1,99'], /--segment-size 99: must be an integer from 1 to 2$/);
  });
  it('bad number', async () => expectUserError(['plan', '--gpus', 'eight'], /--gpus: expected a positive integer, got "eight"/));
  it('bad choice', async () => expectUserError(['compare', '--strategies', 'e2e,fdsp'], /--strategies: unknown value "fdsp".*fsdp/));
  it('bad --gpu-mem unit', async () => expectUserError(['plan', '--gpu-mem', '40 parsecs'], /--gpu-mem/));
  it('missing model file', async () => expectUserError(['plan', 'no/such/spec.json'], /no\/such\/spec\.json.*no such file/));
  it('missing scenario file', async () => expectUserError(['report', join(dir, 'nope.json'), '-o', join(dir, 'x')], /nope\.json.*no such file/));
  it('unknown command', async () => expectUserError(['plna'], /unknown command "plna".*plan/));
  it('bad --vary axis', async () => expectUserError(['sweep', '--vary', 'head-dept=1,2'], /unknown axis "head-dept".*head-depth/));

  it('invalid spec file names the file and the JSON path', async () => {
    const file = join(dir, 'bad-spec.json');
    writeFileSync(file, JSON.stringify({ family: 'decoder', name: 'x', hiddenSize: -5 }));
    await expectUserError(['plan', file], /bad-spec\.json: at \//);
  });

  it('invalid JSON names the line', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "name": "x",\n  oops\n}');
    await expectUserError(['plan', file], /broken\.json: at line 3/);
  });

  it('invalid scenario file names the JSON path', async () => {
    const file = join(dir, 'bad-scenario.json');
    writeFileSync(file, JSON.stringify({ model: 'llama-2-7b', cluster: { gpu: 'a100-40gb', gpus: 0 } }));
    await expectUserError(['plan', '--scenario', file], /bad-scenario\.json: at \/cluster\/gpus/);
  });

  it('--debug adds the stack trace', async () => {
    const r = await segplan(['plan', '--gpu', 'a100-40g', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('--help lists every flag with its default', async () => {
    const r = await segplan(['plan', '--help']);
    expect(r.code).toBe(0);
    for (const [flag, def] of [
      ['--gpu', 'a100-40gb'],
      ['--gpus', '8'],
      ['--seq-len', '2048'],
      ['--micro-batch', 'auto'],
      ['--strategy', 'segprop'],
      ['--head-depth', '2'],
    ] as const) {
      expect(r.stdout).toMatch(new RegExp(`${flag} .*\\n?.*\\(default: ${def}\\)`));
    }
  });
});
