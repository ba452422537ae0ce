// writeFilesAtomic: all or nothing per file, never a temporary file left behind, and the failure classified as
// the user's (exit 2) or the machine's (exit 1).
import * as fs from 'node:fs';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FileOps, writeFilesAtomic } from '../../cli/atomic-write.js';
import { EnvironmentError, UserError } from '../../src/errors.js';
import { escapeMarkdown } from '../../src/report/escape.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';

/** the real file system, except that the `n`-th write stops half-way with `code` (as a full disk does) */
function failingWrite(n: number, code: string): FileOps {
  let writes = 0;
  return {
    ...fs,
    writeFileSync: ((file: fs.PathOrFileDescriptor, data: string, options?: fs.WriteFileOptions) => {
      if (++writes === n) {
        fs.writeFileSync(file, data.slice(0, data.length >> 1), options);
        throw Object.assign(new Error(`${code}: write failed`), { code });
      }
      fs.writeFileSync(file, data, options);
    }) as typeof fs.writeFileSync,
  };
}

describe('writeFilesAtomic', () => {
  it('a full disk on the second file: exit-1 error, no file written, no temporary file left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'segplan-atomic-'));
    const files = [
      { file: join(dir, 'a.md'), content: 'a'.repeat(1000) },
      { file: join(dir, 'a.html'), content: 'b'.repeat(1000) },
    ];
    expect(() => writeFilesAtomic(files, false, failingWrite(2, 'ENOSPC'))).toThrow(EnvironmentError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a path the user must fix is a usage error, and the temporary file goes too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'segplan-atomic-'));
    expect(() => writeFilesAtomic([{ file: join(dir, 'x.md'), content: 'x' }], false, failingWrite(1, 'EACCES'))).toThrow(UserError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never replaces a file without force, and leaves nothing beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'segplan-atomic-'));
    const target = join(dir, 'keep.md');
    writeFileSync(target, 'keep me');
    expect(() => writeFilesAtomic([{ file: target, content: 'new' }], false)).toThrow(/keep\.md already exists; pass --force/);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
    expect(readdirSync(dir)).toEqual(['keep.md']);
    writeFilesAtomic([{ file: target, content: 'new' }], true);
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['keep.md']);
  });

  it('creates missing folders, and refuses a folder path through a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'segplan-atomic-'));
    writeFilesAtomic([{ file: join(dir, 'a/b/c.md'), content: 'c' }], false);
    expect(readFileSync(join(dir, 'a/b/c.md'), 'utf8')).toBe('c');
    expect(() => writeFilesAtomic([{ file: join(dir, 'a/b/c.md/d.md'), content: 'd' }], false)).toThrow(/is not a folder/);
  });
});

describe('Markdown report escaping', () => {
  it('shows raw HTML from a scenario as text, and keeps each text on its line', () => {
    expect(escapeMarkdown('<script>alert(1)</script> & co\n# not a heading')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co # not a heading');
    const md = renderMarkdown(
      {
        title: '<img src=x onerror=alert(1)>',
        blocks: [
          { kind: 'paragraph', text: '<b>bold</b>' },
          { kind: 'list', items: ['<i>x</i>'] },
        ],
      },
      'r.html',
    );
    expect(md).not.toMatch(/<(img|b|i)\b/);
    expect(md).toContain('# &lt;img src=x onerror=alert(1)&gt;');
  });
});
