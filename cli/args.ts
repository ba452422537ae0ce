// A small argument parser: `--flag value`, `--flag=value`, boolean switches, repeatable flags and
// positionals. Every flag has a default that `--help` shows; an unknown flag is a one-line user error that
// names the closest known flag.

import { UserError } from '../src/errors.js';
import { limitProblem, type LimitName } from '../src/model/limits.js';
import { didYouMean } from './closest.js';
import { oneOf } from '../src/words.js';

export type FlagKind =
  | 'string'
  | 'int' // a positive integer
  | 'count' // a non-negative integer
  | 'int-or-auto' // a positive integer or the word "auto"
  | 'boolean'
  | 'list' // comma-separated values
  | 'repeat'; // may be given many times; values collected in order

export type FlagValue = string | number | boolean | string[];

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  help: string;
  default?: FlagValue;
  /** the allowed words (for string and list flags) */
  choices?: readonly string[];
  /** one-letter alias, e.g. "o" for -o */
  short?: string;
  /** what the value looks like in help, e.g. "N" or "FILE" */
  value?: string;
  /** for numbers: the size limit (src/model/limits.ts) checked as the flag is read */
  limit?: LimitName;
}

export interface PositionalSpec {
  name: string;
  help: string;
  /** shown in help; applied when the positional is absent */
  default?: string;
  required?: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  positionals: PositionalSpec[];
  flags: FlagSpec[];
  /** lines printed after the flags in --help (examples, notes) */
  notes?: string[];
}

export interface Parsed {
  flags: Record<string, FlagValue | undefined>;
  positionals: string[];
  /** flags the user typed (scenario values yield only to these) */
  given: Set<string>;
  help: boolean;
}

/** Flags every command accepts. */
export const COMMON_FLAGS: FlagSpec[] = [
  { name: 'help', kind: 'boolean', short: 'h', help: 'show this help', default: false },
  { name: 'debug', kind: 'boolean', help: 'show stack traces of errors', default: false },
];

function convert(flag: FlagSpec, raw: string): FlagValue {
  const bad = (what: string): never => {
    throw new UserError(`--${flag.name}: expected ${what}, got ${JSON.stringify(raw)}`);
  };
  const checkChoice = (v: string): string => {
    if (flag.choices && !flag.choices.includes(v)) {
      throw new UserError(`--${flag.name}: unknown value ${JSON.stringify(v)}${didYouMean(v, flag.choices)}; expected ${oneOf(flag.choices)}`);
    }
    return v;
  };
  const number = (n: number): number => {
    const over = flag.limit && limitProblem(flag.limit, n);
    if (over) throw new UserError(`--${flag.name}: ${over}`);
    return n;
  };
  switch (flag.kind) {
    case 'int':
      if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) bad('a positive integer');
      return number(Number(raw));
    case 'count':
      if (!/^[0-9]+$/.test(raw) || !Number.isSafeInteger(Number(raw))) bad('a non-negative integer');
      return number(Number(raw));
    case 'int-or-auto':
      if (raw === 'auto') return raw;
      if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
        bad('a positive integer or "auto"');
      }
      return number(Number(raw));
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      return bad('true or false');
    case 'list': {
      const items = raw.split(',').map((s) => s.trim());
      if (items.some((s) => s === '')) bad('a comma-separated list without empty items');
      items.forEach(checkChoice);
      return items;
    }
    case 'string':
      if (raw === '') bad('a non-empty value');
      return checkChoice(raw);
    case 'repeat':
      return [raw];
  }
}

export function parseArgs(spec: CommandSpec, argv: string[]): Parsed {
  const all = [...spec.flags, ...COMMON_FLAGS];
  const byName = new Map(all.map((f) => [f.name, f]));
  const byShort = new Map(all.filter((f) => f.short).map((f) => [f.short!, f]));
  const flags: Record<string, FlagValue | undefined> = {};
  const given = new Set<string>();
  const positionals: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-' || /^-[0-9]/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = eq >= 0 ? arg.slice(0, eq) : arg;
    const flag = key.startsWith('--') ? byName.get(key.slice(2)) : byShort.get(key.slice(1));
    if (!flag) {
      const names = all.map((f) => `--${f.name}`);
      throw new UserError(`unknown flag ${key} for 'segplan ${spec.name}'${didYouMean(key.startsWith('--') ? key : `-${key}`, names)}`);
    }
    let raw: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined;
    if (raw === undefined && flag.kind !== 'boolean') {
      raw = argv[++i];
      if (raw === undefined) throw new UserError(`--${flag.name}: missing value (expected ${flag.value ?? 'a value'})`);
    }
    const value = raw === undefined ? true : convert(flag, raw);
    if (flag.kind === 'repeat') {
      flags[flag.name] = [...((given.has(flag.name) ? flags[flag.name] : []) as string[]), ...(value as string[])];
    } else {
      flags[flag.name] = value;
    }
    given.add(flag.name);
  }

  for (const f of all) if (!given.has(f.name)) flags[f.name] = f.default;
  const help = flags.help === true;
  if (!help) {
    const max = spec.positionals.length;
    if (positionals.length > max) {
      throw new UserError(`'segplan ${spec.name}' takes at most ${max} argument${max === 1 ? '' : 's'}, got ${JSON.stringify(positionals[max])} too`);
    }
    spec.positionals.forEach((p, i) => {
      if (positionals[i] === undefined && p.required) throw new UserError(`'segplan ${spec.name}' needs <${p.name}>`);
    });
  }
  return { flags, positionals, given, help };
}

function showDefault(v: FlagValue | undefined): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.length === 0 ? '' : ` (default: ${v.join(',')})`;
  if (v === false) return '';
  return ` (default: ${String(v)})`;
}

/** `--help` text: usage line, positionals, every flag with its default. */
export function helpText(spec: CommandSpec): string {
  const lines: string[] = [];
  const pos = spec.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`)).join(' ');
  lines.push(`usage: segplan ${spec.name}${pos ? ` ${pos}` : ''} [flags]`, '', spec.summary, '');
  if (spec.positionals.length > 0) {
    lines.push('arguments:');
    for (const p of spec.positionals) {
      lines.push(`  ${p.name.padEnd(28)}${p.help}${p.default ? ` (default: ${p.default})` : ''}`);
    }
    lines.push('');
  }
  lines.push('flags:');
  for (const f of [...spec.flags, ...COMMON_FLAGS]) {
    const value = f.kind === 'boolean' ? '' : ` ${f.value ?? (f.choices ? f.choices.join('|') : 'VALUE')}`;
    const left = `${f.short ? `-${f.short}, ` : ''}--${f.name}${value}`;
    const pad = left.length >= 28 ? `\n  ${''.padEnd(28)}` : ''.padEnd(28 - left.length);
    lines.push(`  ${left}${pad}${f.help}${showDefault(f.default)}`);
  }
  if (spec.notes?.length) lines.push('', ...spec.notes);
  return `${lines.join('\n')}\n`;
}
