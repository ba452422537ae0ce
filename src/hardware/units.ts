// Quantities with units ("40960 MiB", "312 TFLOP/s", "1.5 TB/s", "200 Gb/s") → numbers in base units.
//
// mathjs does the unit arithmetic. Importing it costs about a second, so it is loaded lazily, on first use,
// through a dynamic import: the built-in catalog (catalog.generated.ts) is numbers only and never needs it.
//
// Units to know: mathjs's `B` is a byte and `b` a bit; `GB` is 10^9 bytes and `GiB` 2^30 bytes.
// FLOP is not a mathjs unit: it is defined here as a new base unit (with SI prefixes), and FLOPS = FLOP/s.
import type { MathJsInstance, Unit } from 'mathjs';
import { SpecError, UserError } from '../errors.js';
import { positive, withArticle } from '../words.js';

export type QuantityKind = 'bytes' | 'bytesPerSec' | 'flopsPerSec';

const BASE_UNIT: Record<QuantityKind, string> = {
  bytes: 'B',
  bytesPerSec: 'B/s',
  flopsPerSec: 'FLOP/s',
};

const WHAT: Record<QuantityKind, string> = {
  bytes: 'a quantity of bytes (e.g. "40 GiB", "80 GB")',
  bytesPerSec: 'a rate in bytes per second (e.g. "1555 GB/s", "3.35 TB/s", "200 Gb/s")',
  flopsPerSec: 'a rate in FLOP/s (e.g. "312 TFLOP/s")',
};

/** nouns without an article: the messages add "a" / "an" (words.ts) */
const SHORT_WHAT: Record<QuantityKind, string> = {
  bytes: 'amount of bytes',
  bytesPerSec: 'rate in bytes per second',
  flopsPerSec: 'rate in FLOP/s',
};

export interface QuantityParser {
  /**
   * The value of `text` in base units (bytes, bytes/s or FLOP/s). Throws a one-line SpecError
   * `file: at path: "40 GX" is not a quantity of bytes …` when it is not a positive quantity of that kind.
   */
  parse(text: unknown, kind: QuantityKind, file: string, path: string): number;
}

let parserPromise: Promise<QuantityParser> | undefined;

/** Loads mathjs (once) and returns a synchronous parser. */
export function loadQuantityParser(): Promise<QuantityParser> {
  if (!parserPromise) {
    parserPromise = createParser().catch((e: unknown) => {
      parserPromise = undefined;
      throw e;
    });
  }
  return parserPromise;
}

/** One quantity from a file; see QuantityParser.parse. */
export async function parseQuantity(text: unknown, kind: QuantityKind, file: string, path: string): Promise<number> {
  return (await loadQuantityParser()).parse(text, kind, file, path);
}

/** One quantity from a command-line flag (`--gpu-mem 40GiB`); errors read `--gpu-mem: "40 GX" is not …`. */
export async function parseQuantityFlag(flag: string, text: string, kind: QuantityKind): Promise<number> {
  const parser = await loadQuantityParser();
  try {
    return parser.parse(text, kind, flag, '');
  } catch (e) {
    if (e instanceof SpecError) throw new UserError(`${flag}: ${e.reason}`);
    throw e;
  }
}

async function createParser(): Promise<QuantityParser> {
  const { create, all } = await import('mathjs');
  const math = create(all!); // mathjs types its exports as entries of a Record; `all` is always there
  math.createUnit('FLOP', { prefixes: 'short' });
  math.createUnit('FLOPS', { definition: '1 FLOP/s', prefixes: 'short' });
  const bases: Record<QuantityKind, Unit> = {
    bytes: math.unit(BASE_UNIT.bytes),
    bytesPerSec: math.unit(BASE_UNIT.bytesPerSec),
    flopsPerSec: math.unit(BASE_UNIT.flopsPerSec),
  };
  return { parse: (text, kind, file, path) => parseWith(math, bases, text, kind, file, path) };
}

function parseWith(math: MathJsInstance, bases: Record<QuantityKind, Unit>, text: unknown, kind: QuantityKind, file: string, path: string): number {
  const fail = (why: string): never => {
    throw new SpecError(file, path, oneLine(why));
  };
  if (typeof text !== 'string') {
    return fail(`expected ${WHAT[kind]} as a string with a unit, got ${JSON.stringify(text) ?? String(text)}`);
  }
  const shown = JSON.stringify(text);
  let unit: Unit;
  try {
    unit = math.unit(text.trim());
  } catch (e) {
    return fail(`${shown} is not ${WHAT[kind]}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (unit.units.length === 0) return fail(`${shown} has no unit; expected ${WHAT[kind]}`);
  if (unit.value === null || unit.value === undefined) return fail(`${shown} has no number; expected ${WHAT[kind]}`);
  if (!unit.equalBase(bases[kind])) {
    const actual = (Object.keys(bases) as QuantityKind[]).find((k) => unit.equalBase(bases[k]));
    return fail(`${shown} is not ${WHAT[kind]}${actual ? ` (it is ${withArticle(SHORT_WHAT[actual])})` : ''}`);
  }
  if (kind === 'bytes' && unit.units.some((c) => c.unit.name === 'b')) {
    return fail(`${shown} is in bits (b); write B, GB or GiB for bytes`);
  }
  const value = unit.toNumber(BASE_UNIT[kind]);
  if (!Number.isFinite(value) || value <= 0) return fail(`${shown} must be ${positive(SHORT_WHAT[kind], { finite: true })}`);
  // Decimal prefixes can leave float noise (3.35 TB/s → 3350000000000.0005); 15 significant digits remove it.
  return kind === 'bytes' ? Math.round(value) : Number(value.toPrecision(15));
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
