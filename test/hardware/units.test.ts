import { describe, expect, it } from 'vitest';
import { SpecError, UserError } from '../../src/errors.js';
import { loadQuantityParser, parseQuantity, parseQuantityFlag, type QuantityKind } from '../../src/hardware/units.js';

const parse = async (text: unknown, kind: QuantityKind) => parseQuantity(text, kind, 'gpu.json', '/memory');

describe('parseQuantity: bytes', () => {
  it.each([
    ['40960 MiB', 40960 * 2 ** 20],
    ['40 GiB', 40 * 2 ** 30],
    ['40GiB', 40 * 2 ** 30],
    ['40 GB', 40e9],
    ['1 KiB', 1024],
    ['1 kB', 1000],
    ['1.5 TB', 1.5e12],
    ['2 TiB', 2 * 2 ** 40],
    ['  80 GB  ', 80e9],
  ])('%s', async (text, bytes) => {
    expect(await parse(text, 'bytes')).toBe(bytes);
  });

  it('GiB and GB differ by 2^30 / 10^9', async () => {
    expect((await parse('1 GiB', 'bytes')) / (await parse('1 GB', 'bytes'))).toBeCloseTo(1.073741824, 12);
  });

  it('rejects bits for capacities (40 Gb is not 40 GB)', async () => {
    await expect(parse('40 Gb', 'bytes')).rejects.toThrow(/in bits/);
  });
});

describe('parseQuantity: rates', () => {
  it.each([
    ['1555 GB/s', 1555e9],
    ['1.5 TB/s', 1.5e12],
    ['3.35 TB/s', 3.35e12],
    ['4.8 TB/s', 4.8e12],
    ['200 Gb/s', 25e9],
    ['1600 Gb/s', 200e9],
    ['1 GiB/s', 2 ** 30],
  ])('%s in bytes/s', async (text, v) => {
    expect(await parse(text, 'bytesPerSec')).toBe(v);
  });

  it.each([
    ['312 TFLOP/s', 312e12],
    ['19.5 TFLOP/s', 19.5e12],
    ['163.4 TFLOP/s', 163.4e12],
    ['1.979 PFLOP/s', 1.979e15],
    ['312 TFLOPS', 312e12],
    ['1 GFLOP/s', 1e9],
  ])('%s in FLOP/s', async (text, v) => {
    expect(await parse(text, 'flopsPerSec')).toBe(v);
  });
});

describe('parseQuantity: errors are one-line SpecErrors naming file and path', () => {
  it.each<[unknown, QuantityKind, RegExp]>([
    ['40 GX', 'bytes', /^gpu\.json: at \/memory: "40 GX" is not a quantity of bytes/],
    ['40', 'bytes', /"40" has no unit/],
    ['GB', 'bytes', /"GB" has no number/],
    ['1555 GB/s', 'bytes', /"1555 GB\/s" is not a quantity of bytes .*\(it is a rate in bytes per second\)/],
    ['40 GB', 'bytesPerSec', /not a rate in bytes per second .*\(it is an amount of bytes\)/],
    ['312 TFLOP', 'flopsPerSec', /not a rate in FLOP\/s/],
    ['-1 GB', 'bytes', /must be a positive/],
    ['0 GB', 'bytes', /must be a positive/],
    ['2e400 GB', 'bytes', /"2e400 GB" must be a positive, finite amount of bytes$/],
    ['1,5 GB', 'bytes', /is not a quantity of bytes/],
    [40, 'bytes', /expected a quantity of bytes .* as a string with a unit, got 40/],
    ['5 GB^2', 'bytes', /is not a quantity of bytes/],
  ])('%j as %s', async (text, kind, re) => {
    const err = await parse(text, kind).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SpecError);
    const message = (err as Error).message;
    expect(message).toMatch(re);
    expect(message).toMatch(/^gpu\.json: at \/memory: /);
    expect(message).not.toContain('\n');
  });
});

describe('flags', () => {
  it('parses --gpu-mem 40GiB', async () => {
    expect(await parseQuantityFlag('--gpu-mem', '40GiB', 'bytes')).toBe(40 * 2 ** 30);
  });

  it('names the flag in a one-line UserError', async () => {
    const err = await parseQuantityFlag('--gpu-mem', '40 GX', 'bytes').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).not.toBeInstanceOf(SpecError);
    expect((err as Error).message).toMatch(/^--gpu-mem: "40 GX" is not a quantity of bytes/);
  });
});

it('loads one parser and reuses it', async () => {
  expect(await loadQuantityParser()).toBe(await loadQuantityParser());
});
