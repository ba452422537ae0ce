// Runs segplan's command line in this process through main(argv, io), as the binary would run it, and captures
// standard output, standard error and the exit status. What a process would give every command is set here and
// taken back afterwards, so that no test leaks it into the next: the working folder, the environment with
// NO_COLOR=1 (as in a pipe) and process.exitCode. The CLI's module caches (models, GPUs, plans: main() is made
// to be called again and again) are shared by the runs of one test file (vitest gives each file its own
// modules); `fresh: true` gives a run new modules, as a new process has. The real binary: test/e2e/binary.ts.
import { vi } from 'vitest';
import { ROOT } from '../root.js';

export { ROOT };

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** the working folder (default: the repository root) */
  cwd?: string;
  /** variables set over this process's environment */
  env?: Record<string, string>;
  /** new modules (empty caches), as a new process has; default false: this test file's modules */
  fresh?: boolean;
}

/** Sets `vars` in process.env; the returned function puts back what was there. */
function setEnv(vars: Record<string, string>): () => void {
  const before = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of before) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** `segplan ARGS` in this process. */
export async function segplan(args: string[], options: RunOptions = {}): Promise<Run> {
  const cwd = process.cwd();
  const exitCode = process.exitCode;
  const restoreEnv = setEnv({ NO_COLOR: '1', ...options.env });
  let stdout = '';
  let stderr = '';
  try {
    process.chdir(options.cwd ?? ROOT);
    if (options.fresh) vi.resetModules();
    const { main } = await import('../../cli/run-cli.js');
    const code = await main(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), errIsTTY: false });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
    restoreEnv();
    process.exitCode = exitCode;
  }
}

/** The lines a user error leaves on stderr (it must be exactly one). */
export function stderrLines(r: Run): string[] {
  return r.stderr.split('\n').filter((l) => l.length > 0);
}
