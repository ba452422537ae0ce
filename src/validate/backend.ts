// Loads TensorFlow.js lazily for `segplan validate`: nothing else in src/ imports tfjs, so `plan` starts
// without paying for it. Backends: cpu and wasm (shipped as dependencies); tensorflow / tensorflow-gpu need
// @tensorflow/tfjs-node(-gpu), which are not dependencies: a clear UserError says so.

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import { registerValidationKernels } from './kernels/register.js';

export type BackendName = 'cpu' | 'wasm' | 'tensorflow' | 'tensorflow-gpu';
export const BACKENDS: readonly BackendName[] = ['cpu', 'wasm', 'tensorflow', 'tensorflow-gpu'];

export type Tf = typeof import('@tensorflow/tfjs-core');

let tfPromise: Promise<Tf> | null = null;
const ready = new Set<BackendName>();

/** tfjs-core, imported once. */
export function loadTf(): Promise<Tf> {
  tfPromise ??= import('@tensorflow/tfjs-core').then((m) => {
    // the CJS bundle is exposed as a namespace whose default holds the same exports under Node ESM
    const tf = (m as unknown as { default?: Tf }).default ?? m;
    // prod mode: no NaN checks that read every kernel output back (they would distort time and memory)
    tf.enableProdMode();
    return tf;
  });
  return tfPromise;
}

async function importOptional(name: string): Promise<unknown> {
  try {
    return await import(name);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new UserError(`backend needs ${name}, which is not installed (npm install ${name}@4.22.0)`);
    }
    throw e;
  }
}

/** Directory holding the wasm binaries, as a file path with a trailing separator. */
export function wasmDir(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(main) + path.sep;
}

/** Import tfjs and the backend, register the validation kernels and make the backend current. */
export async function useBackend(name: BackendName): Promise<Tf> {
  if (!BACKENDS.includes(name)) throw new UserError(`unknown backend "${name}" (one of ${BACKENDS.join(', ')})`);
  const tf = await loadTf();
  if (!ready.has(name)) {
    if (name === 'cpu') {
      await import('@tensorflow/tfjs-backend-cpu');
    } else if (name === 'wasm') {
      const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as {
        setWasmPaths(p: string | Record<string, string>, usePlatformFetch?: boolean): void;
      };
      // Node reads the .wasm with fs when given a file path (not a URL); one binary per feature set
      const dir = wasmDir();
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': path.join(dir, 'tfjs-backend-wasm.wasm'),
        'tfjs-backend-wasm-simd.wasm': path.join(dir, 'tfjs-backend-wasm-simd.wasm'),
        'tfjs-backend-wasm-threaded-simd.wasm': path.join(dir, 'tfjs-backend-wasm-threaded-simd.wasm'),
      });
      void pathToFileURL;
    } else {
      await importOptional(name === 'tensorflow' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-node-gpu');
    }
    registerValidationKernels(tf, name);
    ready.add(name);
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new UserError(`TensorFlow.js backend "${name}" failed to initialise`);
  await tf.ready();
  return tf;
}
