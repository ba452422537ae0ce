// The committed numbers-only module must equal the JSON as parsed with mathjs, so the two cannot drift.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { GPUS, NODE_TYPES } from '../../src/hardware/catalog.generated.js';
import { compileCatalog, generatedModulePath } from '../../src/hardware/compile-catalog.js';
import { readHardwareCatalog } from '../../src/hardware/read-catalog.js';

it('GPUS and NODE_TYPES equal models/hardware/*.json re-parsed with mathjs', async () => {
  const fromJson = await readHardwareCatalog();
  expect(GPUS).toStrictEqual(fromJson.gpus);
  expect(NODE_TYPES).toStrictEqual(fromJson.nodeTypes);
});

it('catalog.generated.ts is exactly what the compiler writes (rerun compile-catalog if this fails)', async () => {
  const committed = await readFile(generatedModulePath(), 'utf8');
  expect(committed).toBe(await compileCatalog());
});
