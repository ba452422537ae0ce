import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogNames, catalogPath } from '../../src/model/catalog.js';
import { loadModel } from '../../src/model/load.js';
import { packageRoot } from '../../src/model/package-root.js';
import { validateSpec } from '../../src/model/validate.js';

const EXPECTED = [
  'bert-base',
  'bert-large',
  'convnext-base',
  'convnext-small',
  'convnext-tiny',
  'deepseek-moe-16b',
  'flan-t5-base',
  'gpt2',
  'gpt2-large',
  'gpt2-medium',
  'gpt2-xl',
  'llama-2-13b',
  'llama-2-70b',
  'llama-2-7b',
  'llama-3-70b',
  'llama-3-8b',
  'llama-3.1-8b',
  'llama-65b',
  'mistral-7b',
  'mistral-nemo-12b',
  'mixtral-8x7b',
  'qwen1.5-moe-a2.7b',
  'resnet-101',
  'resnet-18',
  'resnet-18-cifar10',
  'resnet-50',
  'resnet-50-cifar10',
  'swin-t',
  't5-base',
  't5-large',
  't5-small',
  'vit-b16',
  'vit-l16',
];

describe('model catalog', () => {
  it('resolves the package root to the folder with package.json', () => {
    expect(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).name).toBe('segplan');
  });

  it('lists exactly the catalog models (no schema, no hardware)', () => {
    expect(catalogNames()).toEqual(EXPECTED);
  });

  it.each(EXPECTED)('%s validates, is named after its file, cites a source and references the schema', (name) => {
    const file = catalogPath(name)!;
    expect(existsSync(file)).toBe(true);
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    expect(raw.$schema).toBe('./schema/model.schema.json');
    const spec = validateSpec(raw, file);
    expect(spec.name).toBe(name);
    expect(spec.source).toMatch(/et al\. \d{4}|model card/);
    expect('$schema' in spec).toBe(false);
    expect(loadModel(name)).toEqual({ spec, file });
  });

  it('returns undefined for unknown names and for names that try to leave the folder', () => {
    expect(catalogPath('llama-9')).toBeUndefined();
    expect(catalogPath('../package')).toBeUndefined();
    expect(catalogPath('schema/model.schema')).toBeUndefined();
  });

  it('has the architectures of the papers', () => {
    const spec = (n: string) => loadModel(n).spec;
    expect(spec('llama-2-70b')).toMatchObject({ numKvHeads: 8, numHeads: 64, tiedEmbeddings: false });
    expect(spec('llama-3-8b')).toMatchObject({ vocabSize: 128256, numKvHeads: 8 });
    expect(spec('gpt2-xl')).toMatchObject({ hiddenSize: 1600, numLayers: 48, numHeads: 25, tiedEmbeddings: true });
    expect(spec('bert-large')).toMatchObject({ pooler: true, head: 'none', numLayers: 24 });
    expect(spec('vit-l16')).toMatchObject({ pooler: false, numClasses: 1000, imageSize: 224 });
    expect(spec('resnet-101')).toMatchObject({ layers: [3, 4, 23, 3], block: 'bottleneck' });
    expect(spec('resnet-18-cifar10')).toMatchObject({ stem: 'cifar', imageSize: 32, numClasses: 10 });
  });
});
