// A user's gpu.json: validated with the schema ($defs/gpu), quantities parsed with mathjs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpecError, UserError } from '../../src/errors.js';
import { loadGpuFile } from '../../src/hardware/catalog.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segplan-gpu-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const valid = {
  id: 'my-gpu',
  name: 'My GPU',
  memory: '40 GiB',
  flops: { bf16: '0.5 PFLOP/s', fp16: '500 TFLOP/s', fp32: '60 TFLOP/s' },
  memoryBandwidth: '1.5 TB/s',
  nvlinkBandwidth: '600 GB/s',
  pcie: { gen: 5, lanes: 16, bandwidth: '63 GB/s' },
  source: 'my lab, measured',
};

async function write(name: string, content: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function failure(file: string): Promise<Error> {
  const e = await loadGpuFile(file).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  expect((e as Error).message).not.toContain('\n');
  return e as Error;
}

it('loads a valid file into base units', async () => {
  const g = await loadGpuFile(await write('ok.json', valid));
  expect(g).toMatchObject({
    id: 'my-gpu',
    memoryBytes: 40 * 2 ** 30,
    flops: { bf16: 5e14, fp16: 5e14, fp32: 6e13 },
    hbmBytesPerSec: 1.5e12,
    nvlinkBytesPerSec: 300e9,
    pcieBytesPerSec: 63e9,
  });
});

describe('errors name the file and the JSON path', () => {
  it('bad unit', async () => {
    const file = await write('bad-unit.json', { ...valid, memory: '40 GX' });
    const e = await failure(file);
    expect(e).toBeInstanceOf(SpecError);
    expect(e.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: at /memory: "40 GX" is not a quantity of bytes`));
  });

  it('wrong dimension in a nested field', async () => {
    const e = await failure(await write('dim.json', { ...valid, flops: { ...valid.flops, fp16: '500 GB/s' } }));
    expect(e.message).toMatch(/: at \/flops\/fp16: "500 GB\/s" is not a rate in FLOP\/s/);
  });

  it('missing field (schema)', async () => {
    const { source: _source, ...rest } = valid;
    expect((await failure(await write('missing.json', rest))).message).toMatch(/: at \/: missing field "source"$/);
  });

  it('unknown field (schema)', async () => {
    const e = await failure(await write('extra.json', { ...valid, memroy: '40 GB' }));
    expect(e.message).toMatch(/: at \/: unknown field "memroy"$/);
  });

  it('number instead of a quantity string (schema)', async () => {
    const e = await failure(await write('number.json', { ...valid, memoryBandwidth: 1555 }));
    expect(e.message).toMatch(/: at \/memoryBandwidth: must be string$/);
  });

  it('invalid JSON', async () => {
    expect((await failure(await write('broken.json', '{ "id": '))).message).toMatch(/: at \/: not valid JSON: /);
  });

  it('missing file', async () => {
    expect((await failure(join(dir, 'nope.json'))).message).toMatch(/nope\.json: cannot read: ENOENT$/);
  });
});
