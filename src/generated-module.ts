// The command line of a generated module's compiler (src/hardware/compile-catalog.ts,
// src/validate/published/compile-accuracy.ts): rewrite the module, or with --check exit 1 when the committed text
// is stale, so a test and CI can tell without writing.
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

/** Writes `text` to `target`, or with `--check` in `argv` compares them; the exit code. */
export async function writeOrCheck(target: string, text: string, rerun: string, argv: readonly string[]): Promise<number> {
  if (argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current === text) return 0;
    process.stderr.write(`${target} is stale: run ${rerun}\n`);
    return 1;
  }
  await writeFile(target, text);
  process.stdout.write(`wrote ${target}\n`);
  return 0;
}

/** Runs `main` with the command line when the module at `moduleUrl` is the script node was started with. */
export function runAsScript(moduleUrl: string, main: (argv: string[]) => Promise<number>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
