// A user's calibration file → Calibration: JSON Schema (docs/calibration.schema.json, ajv loaded on first use),
// every failure a one-line SpecError naming the file and the field. I/O, so at the edge (the engine takes the object).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { RequestError, SpecError } from '../src/errors.js';
import { readJsonFile } from '../src/hardware/read-catalog.js';
import { describe } from '../src/hardware/validate-json.js';
import { packageRoot } from '../src/model/package-root.js';
import { peakFlops } from '../src/hardware/peak-flops.js';
import type { Gpu } from '../src/hardware/types.js';
import { checkCalibration, type Calibration } from '../src/time/calibration.js';

let validator: Promise<ValidateFunction> | undefined;

async function build(): Promise<ValidateFunction> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const schema = JSON.parse(await readFile(join(packageRoot(), 'docs', 'calibration.schema.json'), 'utf8')) as Record<string, unknown>;
  return new Ajv2020({ allErrors: false, strict: true }).compile(schema);
}

export async function loadCalibration(file: string): Promise<Calibration> {
  const data = await readJsonFile(file);
  const validate = await (validator ??= build());
  if (!validate(data)) {
    const e = validate.errors?.[0];
    throw new SpecError(file, e?.instancePath ?? '', e ? describe(e) : 'does not match docs/calibration.schema.json');
  }
  const { $schema: _ignored, ...calibration } = data as Calibration & { $schema?: string };
  return calibration;
}

/** What the engine would refuse in a calibration on this GPU, as a file error (`file: at /field: reason`). */
export function calibrationProblem(c: Calibration, gpu: Gpu, file: string): SpecError | undefined {
  try {
    checkCalibration(c, gpu.id, peakFlops(gpu, 'bf16').flopsPerSec);
    return undefined;
  } catch (e) {
    if (!(e instanceof RequestError)) throw e;
    return new SpecError(file, `/${e.field.replace(/^calibration\./, '').replaceAll('.', '/')}`, `${JSON.stringify(e.value)} ${e.reason}`);
  }
}
