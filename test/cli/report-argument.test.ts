// segplan report takes a scenario file; a model name or a model config in its place is told so, in one line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segplan, stderrLines } from './run.js';

const WANTS = 'segplan report wants a scenario file: JSON with "model" and "cluster"';

describe('segplan report with something that is not a scenario', () => {
  it('a catalog model name: says it is a model and what report wants', () => {
    const r = segplan(['report', 'mistral-7b']);
    expect(r.code).toBe(2);
    const [line] = stderrLines(r);
    expect(stderrLines(r)).toHaveLength(1);
    expect(line).toContain('"mistral-7b" is a model name, not a scenario file.');
    expect(line).toContain(WANTS);
    expect(line).toContain('segplan compare mistral-7b');
    expect(line).not.toContain('cannot read the file');
  });

  it('a Hugging Face config.json: says it is not a scenario and what report wants', () => {
    const dir = mkdtempSync(join(tmpdir(), 'segplan-report-arg-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ model_type: 'llama', hidden_size: 64, num_hidden_layers: 2 }));
    const r = segplan(['report', config]);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toHaveLength(1);
    const [line] = stderrLines(r);
    expect(line).toContain(`${config} has no "model" and no "cluster": it is not a scenario`);
    expect(line).toContain(WANTS);
    expect(line).not.toContain('missing required field');
  });

  it('a name that is neither a file nor a model', () => {
    const r = segplan(['report', 'no-such-scenario.json']);
    expect(r.code).toBe(2);
    expect(stderrLines(r)).toEqual([`segplan: error: no-such-scenario.json: no such file. ${WANTS} (docs/scenario.schema.json; example: reports/scenarios/paper-llama-70b.json)`]);
  });
});
