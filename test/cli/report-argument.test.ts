// segplan report takes a scenario file or a model; a file that is neither is told so, in one line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from './run.js';

const WANTS = 'segplan report wants a scenario file: JSON with "model" and "cluster"';

describe('segplan report with something that is not a scenario', () => {
  it('a catalog model name or a Hugging Face config.json is the model of a report (segplan report MODEL)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'segplan-report-arg-'));
    const config = join(cwd, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ model_type: 'llama', hidden_size: 64, num_hidden_layers: 2, intermediate_size: 128, num_attention_heads: 4, vocab_size: 100 }),
    );
    for (const model of ['mistral-7b', config]) {
      const r = await segplan(['report', model, '--seq-len', '64', '--strategies', 'e2e,fsdp'], { cwd });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^wrote reports\/(mistral-7b|config)\.md\n/);
    }
  });

  it('a JSON file that is neither a scenario nor a model says what report wants', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segplan-report-arg-'));
    const file = join(dir, 'other.json');
    writeFileSync(file, JSON.stringify({ hello: 1 }));
    const r = await segplan(['report', file]);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    const [line] = stderrLines(r);
    expect(line).toContain(`${file} has no "model" and no "cluster": it is not a scenario`);
    expect(line).toContain(WANTS);
    expect(line).not.toContain('missing required field');
  });

  it('a name that is neither a file nor a model', async () => {
    const r = await segplan(['report', 'no-such-scenario.json']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual([
      `segplan: error: no-such-scenario.json: no such file. ${WANTS} (docs/scenario.schema.json; example: reports/scenarios/paper-llama-70b.json), or a model with the flags of compare`,
    ]);
  });
});
