// Where the hardware JSON lives. Code runs from src/hardware (vitest) or dist/src/hardware (built), so walk up
// from this module until a folder holds models/hardware.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Absolute path of the package's models/hardware folder. */
export function hardwareModelsDir(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'models', 'hardware');
    if (existsSync(join(candidate, 'gpus.schema.json'))) return (cached = candidate);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('segplan: cannot find models/hardware above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The package root (the folder holding models/ and src/). */
export function packageRoot(): string {
  return dirname(dirname(hardwareModelsDir()));
}
