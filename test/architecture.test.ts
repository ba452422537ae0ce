// The import direction rule of docs/architecture.md, checked on the import graph of src/ as TypeScript parses it:
// no floor imports a higher one, nothing in src/ imports the CLI or the tests, and the engine's floors reach no
// file, terminal or package when loaded.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli/run.js';

const SRC = join(ROOT, 'src');

/** The floors of the house, lowest first: each top-level folder (or file) of src/ and its floor, as in docs/architecture.md. */
const FLOORS: string[][] = [
  ['vocabulary', 'errors', 'words', 'edit-distance', 'generated-module'],
  ['model', 'hardware'],
  ['graph'],
  ['ops'],
  ['runtime', 'precision', 'adapter'],
  ['strategy'],
  ['cost', 'memory', 'time'],
  ['plan', 'job'],
  ['report', 'export', 'inspect', 'scenario'],
  ['validate', 'dash'],
  ['index'],
];
/** The engine: data in, numbers out. Loading one of its modules must not load I/O, a terminal or a package. */
const ENGINE = ['graph', 'ops', 'runtime', 'precision', 'adapter', 'strategy', 'cost', 'memory', 'time', 'plan', 'job'];

interface Import {
  /** as written: './x.js', 'node:fs', 'ajv' */
  specifier: string;
  /** the file it names, for a relative import */
  target?: string;
  /** `import type`, `import('x').T` in a type, or `await import('x')`: nothing is loaded with the importer */
  loadedWithImporter: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** A relative specifier names the .ts (or .tsx) source of the .js it imports. */
function resolveSource(from: string, specifier: string, files: Set<string>): string | undefined {
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((f) => files.has(f)) ?? resolve(dirname(from), specifier);
}

function importsOf(file: string, files: Set<string>): Import[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: Import[] = [];
  const add = (node: ts.Expression, loadedWithImporter: boolean) => {
    if (!ts.isStringLiteral(node)) return;
    const specifier = node.text;
    found.push({ specifier, loadedWithImporter, ...(specifier.startsWith('.') ? { target: resolveSource(file, specifier, files) } : {}) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, !typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(node.moduleSpecifier, !node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The top-level folder (or file, without extension) of src/ a file belongs to. */
function room(file: string): string {
  const [top = ''] = relative(SRC, file).split(sep);
  return top.replace(/\.tsx?$/, '');
}

const floorOf = new Map(FLOORS.flatMap((names, floor) => names.map((name) => [name, floor] as const)));

/** An op kind's TensorFlow.js executor lives beside its kind (docs/op-kinds.md) but is validation code: it is on validate's floor. */
function isExecutor(file: string): boolean {
  return room(file) === 'ops' && /(^|-)execute\.ts$|^executors\.ts$/.test(basename(file));
}
function floorOfFile(file: string): number | undefined {
  return floorOf.get(isExecutor(file) ? 'validate' : room(file));
}
const files = sourceFiles(SRC);
const fileSet = new Set(files);
const graph = new Map(files.map((f) => [f, importsOf(f, fileSet)]));
const show = (f: string) => relative(ROOT, f);

describe('the import direction of src/ (docs/architecture.md)', () => {
  it('finds the imports TypeScript sees, of every kind', () => {
    // the plan floor uses the floors below it
    const planImports = files
      .filter((f) => room(f) === 'plan')
      .flatMap((f) => graph.get(f) ?? [])
      .flatMap((i) => (i.target ? [room(i.target)] : []));
    expect(planImports).toEqual(expect.arrayContaining(['graph', 'cost', 'memory', 'strategy', 'time']));
    // the dashboard loads validation lazily: a dynamic import, not loaded with the importer
    expect([...graph.values()].flat().some((i) => !i.loadedWithImporter && i.target && room(i.target) === 'validate')).toBe(true);
  });

  it('puts every folder of src/ on a floor', () => {
    const rooms = [...new Set(files.map(room))];
    const unplaced = rooms.filter((r) => !floorOf.has(r));
    expect(unplaced, `src/${String(unplaced[0])} is on no floor: add it to FLOORS here and to docs/architecture.md`).toEqual([]);
  });

  it('has no floor import a higher one, and nothing in src/ import the CLI, the tests or the benches', () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      for (const { target } of imports) {
        if (target === undefined) continue;
        if (!target.startsWith(SRC + sep)) {
          wrong.push(`${show(file)} imports ${show(target)}, outside src/`);
          continue;
        }
        const [from, to] = [floorOfFile(file), floorOfFile(target)];
        if (from !== undefined && to !== undefined && to > from) {
          wrong.push(`${show(file)} (floor ${from}, ${room(file)}) imports ${show(target)} (floor ${to}, ${room(target)})`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('loads no node: module and no package with an engine module, directly or through what it imports', () => {
    const impure: string[] = [];
    const seen = new Set<string>();
    const walk = (file: string, chain: string[]): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const i of graph.get(file) ?? []) {
        if (!i.loadedWithImporter) continue;
        if (i.target === undefined) impure.push(`${[...chain, file].map(show).join(' -> ')} loads '${i.specifier}'`);
        else walk(i.target, [...chain, file]);
      }
    };
    for (const file of files.filter((f) => ENGINE.includes(room(f)) && !isExecutor(f))) walk(file, []);
    expect(impure).toEqual([]);
  });
});
