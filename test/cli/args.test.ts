// The argument parser on its own: values, defaults, what the user typed, and its one-line errors.
import { describe, expect, it } from 'vitest';
import { helpText, parseArgs, type CommandSpec } from '../../cli/args.js';
import { closest } from '../../cli/closest.js';

const SPEC: CommandSpec = {
  name: 'demo',
  summary: 'demo',
  positionals: [{ name: 'model', help: 'm' }],
  flags: [
    { name: 'gpus', kind: 'int', default: 8, help: 'n' },
    { name: 'micro-batch', kind: 'int-or-auto', default: 'auto', help: 'b' },
    { name: 'mode', kind: 'string', choices: ['full', 'growing'], default: 'full', help: 'f' },
    { name: 'vary', kind: 'repeat', default: [], help: 'v' },
    { name: 'json', kind: 'boolean', default: false, help: 'j' },
    { name: 'output', short: 'o', kind: 'string', help: 'o' },
  ],
};

describe('parseArgs', () => {
  it('reads --flag value, --flag=value, switches, short flags, repeats and positionals', () => {
    const p = parseArgs(SPEC, ['m1', '--gpus=4', '--micro-batch', '3', '--json', '-o', 'x', '--vary', 'a=1', '--vary', 'b=2']);
    expect(p.positionals).toEqual(['m1']);
    expect(p.flags).toMatchObject({ gpus: 4, 'micro-batch': 3, json: true, output: 'x', vary: ['a=1', 'b=2'], mode: 'full' });
    expect([...p.given].sort()).toEqual(['gpus', 'json', 'micro-batch', 'output', 'vary']);
  });

  it('applies defaults and accepts auto', () => {
    const p = parseArgs(SPEC, ['--micro-batch', 'auto']);
    expect(p.flags.gpus).toBe(8);
    expect(p.flags['micro-batch']).toBe('auto');
  });

  it('rejects bad values and unknown flags with the closest name', () => {
    expect(() => parseArgs(SPEC, ['--gpus', '0'])).toThrow('--gpus: expected a positive integer, got "0"');
    expect(() => parseArgs(SPEC, ['--gpus', '2.5'])).toThrow(/positive integer/);
    expect(() => parseArgs(SPEC, ['--mode', 'grow'])).toThrow(/did you mean growing\?/);
    expect(() => parseArgs(SPEC, ['--gpu', '2'])).toThrow(/unknown flag --gpu .*did you mean --gpus\?/);
    expect(() => parseArgs(SPEC, ['--gpus'])).toThrow(/missing value/);
    expect(() => parseArgs(SPEC, ['a', 'b'])).toThrow(/at most 1 argument/);
  });

  it('help lists every flag with its default', () => {
    const text = helpText(SPEC);
    expect(text).toMatch(/--gpus VALUE\s+n \(default: 8\)/);
    expect(text).toMatch(/--micro-batch VALUE\s+b \(default: auto\)/);
    expect(text).toMatch(/--mode full\|growing\s+f \(default: full\)/);
    expect(text).toMatch(/--debug/);
  });

  it('closest finds near names and gives up on far ones', () => {
    expect(closest('a100', ['a100-40gb', 'h100-sxm'])).toBe('a100-40gb');
    expect(closest('zzzzzz', ['a100-40gb', 'h100-sxm'])).toBeUndefined();
  });
});
