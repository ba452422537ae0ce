// The README shows "real output": each of its planning examples (`$ segplan compare|plan|sweep|shardings ...`, and
// the default command's block) is run here and must print what the README shows. In a block, a line "..." stands
// for any number of output lines and "..." inside a line for any run of characters (columns left out).
// SEGPLAN_WRITE_README=1 rewrites the blocks that leave nothing out with the output of this tree.

import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { segplan } from './cli/run.js';
import { ROOT } from './root.js';

const README = `${ROOT}/README.md`;
const PLANNING = new Set(['compare', 'plan', 'sweep', 'shardings']);

interface Example {
  /** the command's arguments after `segplan` */
  args: string[];
  /** the block's lines after the command line */
  shown: string[];
  /** line index of the block's first shown line in the README */
  at: number;
}

function examples(text: string): Example[] {
  const lines = text.split('\n');
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```text') continue;
    const end = lines.indexOf('```', i + 1);
    const block = lines.slice(i + 1, end);
    const command = block[0]!.match(/^\$ segplan (.*)$/);
    if (command && PLANNING.has(command[1]!.split(' ')[0]!)) out.push({ args: command[1]!.split(' '), shown: block.slice(1), at: i + 2 });
    // the default command (`npx segplan`): the block right after the sentence that introduces it
    else if (!command && /^Sequence length|FlashAttention\. Its output:$/.test(lines[i - 2] ?? '')) out.push({ args: [], shown: block, at: i + 1 });
    i = end;
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The block as a pattern over the output: "..." lines match any lines, "..." in a line any characters. */
function pattern(shown: string[]): RegExp {
  const parts = shown.map((l) => (l === '...' ? '(?:[^\\n]*\\n)*?' : `${l.split('...').map(escape).join('[^\\n]*')}\\n`));
  return new RegExp(`^${parts.join('')}${shown[shown.length - 1] === '...' ? '' : '$'}`);
}

const text = readFileSync(README, 'utf8');
const found = examples(text);

describe('README examples are real output', () => {
  it('finds the planning examples', () => {
    expect(found.length).toBeGreaterThanOrEqual(6);
  });

  for (const ex of found) {
    it(`segplan ${ex.args.join(' ')}`, async () => {
      const r = await segplan(ex.args);
      expect(r.code).toBe(0);
      if (process.env.SEGPLAN_WRITE_README === '1' && !ex.shown.some((l) => l.includes('...'))) {
        // found again in the README as it is now: an earlier block rewritten may have moved it
        const now = readFileSync(README, 'utf8');
        const here = examples(now).find((e) => e.args.join(' ') === ex.args.join(' '))!;
        const lines = now.split('\n');
        lines.splice(here.at, here.shown.length, ...r.stdout.replace(/\n$/, '').split('\n'));
        writeFileSync(README, lines.join('\n'));
        return;
      }
      expect(r.stdout).toMatch(pattern(ex.shown));
    });
  }
});
