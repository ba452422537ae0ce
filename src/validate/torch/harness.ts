// Runs harness/torch_harness.py as a child process: the cases go in as JSON on standard input, the
// measurements come back as JSON on standard output, progress ("case 3/20 name") on standard error. The same
// JSON files let the harness run without Node (`validate --export`, then `--import`).

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { packageRoot } from '../../model/package-root.js';
import type { TorchEnvironment, TorchMeasured } from './compare.js';
import type { TorchDevice } from './profile.js';
import type { TorchCase } from './suite.js';

/** Version of the JSON exchanged with the harness; the harness refuses files of another. */
export const HARNESS_PROTOCOL = 1;

export interface CasesFile {
  protocol: number;
  device: TorchDevice;
  threads?: number;
  cases: TorchCase[];
}

export interface MeasuredFile {
  protocol: number;
  environment: TorchEnvironment;
  results: ({ name: string; case: TorchCase } & ({ measured: TorchMeasured } | { error: string }))[];
}

export function harnessPath(): string {
  return join(packageRoot(), 'harness', 'torch_harness.py');
}

/** The interpreter: --python, then SEGPLAN_PYTHON, then python3 on the PATH. */
export function pythonFor(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.SEGPLAN_PYTHON || 'python3';
}

const INSTALL_HINT =
  'install PyTorch (Debian: apt-get install -y python3-torch python3-torchvision, then --python /usr/bin/python3; ' +
  'elsewhere: pip install torch torchvision) or name an interpreter that has it with --python or SEGPLAN_PYTHON';

/** Exit status of the harness when torch (or CUDA for torch-cuda) is missing. */
const MISSING = 3;

export function runHarness(python: string, file: CasesFile, onProgress?: (done: number, total: number, name: string) => void): Promise<MeasuredFile> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [harnessPath(), '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    // standard error, line by line: progress ("case 3/20 name") and the harness's own one-line reasons
    let partial = '';
    let harnessSaid: string | undefined;
    const readLine = (line: string) => {
      const m = /^case (\d+)\/(\d+) (.*)$/.exec(line);
      if (m)
        onProgress?.(Number(m[1]) - 1, Number(m[2]), m[3]!); // the pattern has three groups
      else if (line.startsWith('segplan-harness: ')) harnessSaid = line.slice('segplan-harness: '.length);
    };
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(readLine);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT' ? new UserError(`no Python interpreter ${JSON.stringify(python)}: ${INSTALL_HINT}`) : e);
    });
    child.on('close', (code, signal) => {
      readLine(partial);
      if (code === MISSING) {
        const what = file.device === 'cuda' ? (harnessSaid ?? 'CUDA is not available') : `PyTorch is not installed for ${python}`;
        return reject(
          new UserError(
            `${what}: ${file.device === 'cuda' ? 'run --backend torch on this machine, or export the cases to a GPU machine (--export)' : INSTALL_HINT}`,
          ),
        );
      }
      // a harness killed by a signal (the kernel's OOM killer) has no status
      const how = code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with status ${code}`;
      if (code !== 0) return reject(new Error(`the PyTorch harness ${how}${harnessSaid ? `: ${harnessSaid}` : ''}`));
      try {
        resolve(parseMeasured(Buffer.concat(out).toString('utf8'), 'the harness output'));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    child.stdin.on('error', () => {}); // a harness that exits early closes its input; its status says why
    child.stdin.end(JSON.stringify(file));
  });
}

/** Reads the harness's JSON (from the child, or a file a user brings back with --import). */
export function parseMeasured(text: string, source: string): MeasuredFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${source}: not JSON (${(e as Error).message})`);
  }
  const d = doc as Partial<MeasuredFile> | null;
  if (!d || typeof d !== 'object' || d.protocol !== HARNESS_PROTOCOL) {
    throw new UserError(`${source}: at /protocol: expected the PyTorch harness's measurements of protocol ${HARNESS_PROTOCOL}`);
  }
  if (!d.environment || typeof d.environment.torch !== 'string' || (d.environment.device !== 'cpu' && d.environment.device !== 'cuda')) {
    throw new UserError(`${source}: at /environment: expected the torch version and a device (cpu or cuda)`);
  }
  if (!Array.isArray(d.results)) throw new UserError(`${source}: at /results: expected an array of cases`);
  d.results.forEach((r, i) => {
    if (!r || typeof r !== 'object' || typeof r.name !== 'string' || !r.case) {
      throw new UserError(`${source}: at /results/${i}: expected a case with its name and measurements`);
    }
  });
  return d as MeasuredFile;
}
