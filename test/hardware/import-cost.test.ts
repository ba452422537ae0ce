// Importing the built-in catalog must not load mathjs (about a second) or ajv. Checked in a plain Node
// subprocess (vitest's own module loading would hide it): the hardware sources are transpiled to JavaScript in a
// scratch folder under .tmp/, and a module-resolution hook fails any import that resolves into mathjs or ajv.
// The control case proves the hook bites.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const scratch = join(root, '.tmp', `hardware-import-cost-${process.pid}`);

async function transpile(rel: string): Promise<void> {
  const source = await readFile(join(root, rel), 'utf8');
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    fileName: rel,
  }).outputText;
  const target = join(scratch, rel.replace(/\.ts$/, '.js'));
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, out);
}

beforeAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  await writeFile(join(scratch, 'package.json'), '{ "type": "module" }\n');
  const hardware = (await readdir(join(root, 'src', 'hardware'))).filter((f) => f.endsWith('.ts'));
  await Promise.all([
    ...hardware.map((f) => transpile(`src/hardware/${f}`)),
    transpile('src/errors.ts'),
    transpile('src/edit-distance.ts'),
    transpile('src/words.ts'),
  ]);
  await writeFile(
    join(scratch, 'hooks.mjs'),
    [
      'export async function resolve(specifier, context, next) {',
      '  const result = await next(specifier, context);',
      "  if (/[\\\\/]node_modules[\\\\/](mathjs|ajv)[\\\\/]/.test(result.url)) throw new Error('FORBIDDEN ' + result.url);",
      '  return result;',
      '}',
      '',
    ].join('\n'),
  );
  await writeFile(join(scratch, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
}, 60_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function runGuarded(script: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', pathToFileURL(join(scratch, 'register.mjs')).href, '--input-type=module', '-e', script],
      { cwd: scratch, timeout: 30_000 },
    );
    return { ok: true, output: stdout + stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

const url = (rel: string) => JSON.stringify(pathToFileURL(join(scratch, rel)).href);

it('catalog.js: lookups, makeCluster and peakFlops run without mathjs or ajv', async () => {
  const { ok, output } = await runGuarded(`
    const c = await import(${url('src/hardware/catalog.js')});
    const g = c.gpuById('a100-40gb');
    const cl = c.makeCluster({ gpu: 'h100-sxm', gpus: 16 });
    const p = c.peakFlops(c.gpuById('v100-16gb'), 'bf16');
    console.log(JSON.stringify([g.memoryBytes, cl.nodes, cl.gpusPerNode, p.rateOf]));
  `);
  expect(output).not.toMatch(/FORBIDDEN/);
  expect(ok).toBe(true);
  expect(output.trim()).toBe(JSON.stringify([40960 * 2 ** 20, 2, 8, 'fp32']));
});

it('control: the hook does stop mathjs (units.js) and ajv (loadGpuFile)', async () => {
  const units = await runGuarded(`
    const u = await import(${url('src/hardware/units.js')});
    await u.loadQuantityParser();
  `);
  expect(units.ok).toBe(false);
  expect(units.output).toMatch(/FORBIDDEN .*mathjs/);

  const file = await runGuarded(`
    const c = await import(${url('src/hardware/catalog.js')});
    await c.loadGpuFile(${JSON.stringify(join(root, 'models', 'hardware', 'gpus.json'))});
  `);
  expect(file.ok).toBe(false);
  expect(file.output).toMatch(/FORBIDDEN .*(mathjs|ajv)/);
});
