// loadModel: catalog names, spec files, HF configs; unreadable files, bad JSON and unknown names.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError, UserError } from '../../src/errors.js';
import { catalogPath } from '../../src/model/catalog.js';
import { loadModel } from '../../src/model/load.js';
import { closest, editDistance } from '../../src/model/suggest.js';
import { errorOf, fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'segplan-spec-'));
function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('loadModel', () => {
  it('resolves a catalog name, a spec file path and an HF config', () => {
    expect(loadModel('gpt2').file).toBe(catalogPath('gpt2'));
    const copy = write('my-model.json', JSON.stringify({ ...loadModel('resnet-18').spec, name: 'mine' }));
    expect(loadModel(copy)).toMatchObject({ file: copy, spec: { name: 'mine', family: 'resnet' } });
    expect(loadModel(fixture('gpt2.json')).spec.family).toBe('decoder');
  });

  it('treats a JSON with "family" as a spec even if it has model_type', () => {
    const f = write('both.json', JSON.stringify({ ...loadModel('gpt2').spec, model_type: 'gpt2' }));
    expect(errorOf(() => loadModel(f)).message).toBe(`${f}: at /model_type: unknown field "model_type"`);
  });

  it('reports JSON syntax errors with line and column, on one line', () => {
    const f = write('bad.json', '{\n  "family": "decoder",\n  "name": "x"\n  "hiddenSize": 4\n}\n');
    const e = errorOf(() => loadModel(f));
    expect(e).toBeInstanceOf(SpecError);
    expect(e.message).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: at line 4 column 3: invalid JSON: `));
    expect(e.message).not.toContain('\n');
  });

  it('reports truncated JSON at its end', () => {
    const f = write('cut.json', '{\n  "family": "decoder",\n');
    expect(errorOf(() => loadModel(f)).message).toMatch(/: at line 3 column 1: invalid JSON: /);
  });

  it('reports a missing file as a one-line SpecError naming it', () => {
    const f = join(dir, 'nope.json');
    const e = errorOf(() => loadModel(f));
    expect(e).toBeInstanceOf(SpecError);
    expect(e.message).toBe(`${f}: at /: cannot read the file: no such file`);
    // a folder is read as a model checkout: its config.json
    expect(errorOf(() => loadModel(dir + '/')).message).toBe(`${join(dir, 'config.json')}: at /: cannot read the file: no such file`);
  });

  it('reads a folder as the config.json inside it (a Hugging Face checkout)', () => {
    const checkout = mkdtempSync(join(tmpdir(), 'segplan-checkout-'));
    writeFileSync(join(checkout, 'config.json'), readFileSync(fixture('gpt2.json')));
    expect(loadModel(checkout)).toEqual(loadModel(join(checkout, 'config.json')));
  });

  it('suggests the closest catalog names for an unknown name', () => {
    const e = errorOf(() => loadModel('llama2-7b'));
    expect(e).toBeInstanceOf(UserError);
    expect(e).not.toBeInstanceOf(SpecError);
    expect(e.message).toBe('unknown model "llama2-7b": did you mean llama-2-7b, llama-2-70b, llama-2-13b? (or give a spec file or a Hugging Face config.json)');
    expect(errorOf(() => loadModel('resnet50')).message).toContain('did you mean resnet-50');
    expect(errorOf(() => loadModel('zzzzzzzzzzzz')).message).toContain('known models: bert-base, bert-large,');
  });
});

describe('suggest', () => {
  it('computes edit distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('GPT2', 'gpt2')).toBe(0);
  });

  it('a cap answers "above the cap" without the table when the lengths alone differ by more', () => {
    // within the cap the distance is exact; past it, any number above the cap
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
    expect(editDistance('gpt2', 'gpt2-medium', 3)).toBeGreaterThan(3);
    // a megabyte-long name against a short one: the length difference, computed at once
    expect(editDistance('x'.repeat(1_000_000), 'gpt2', 10)).toBe(999_996);
  });

  it('orders by distance, then name, and caps the list', () => {
    expect(closest('gpt2-larg', ['gpt2', 'gpt2-large', 'gpt2-medium'])).toEqual(['gpt2-large']);
    expect(closest('abcd', ['abce', 'abcf', 'abcg', 'abch'])).toEqual(['abce', 'abcf', 'abcg']);
  });
});

describe('JSON syntax errors without a position from V8', () => {
  it('locates an unexpected token (trailing comma, unquoted word, comment)', () => {
    const f = write('comma.json', '{\n  "a": [1, 2,],\n  "b": 1\n}');
    expect(errorOf(() => loadModel(f)).message).toBe(`${f}: at line 2 column 14: invalid JSON: Unexpected token ']'`);
    const g = write('word.json', '{\r\n  "a": 1,\r\n  "b": yes\r\n}\r\n');
    expect(errorOf(() => loadModel(g)).message).toBe(`${g}: at line 3 column 8: invalid JSON: Unexpected token 'y'`);
    const h = write('comment.md', '# not JSON');
    expect(errorOf(() => loadModel(h)).message).toBe(`${h}: at line 1 column 1: invalid JSON: Unexpected token '#'`);
  });
});
