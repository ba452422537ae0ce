// Registers the validation's own kernels on a backend, replacing built-ins where they exist. The cpu
// built-ins are kept aside so tests can compare against them.

import type { KernelConfig, Tf } from './types.js';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter.js';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwise-backprop.js';
import { unsortedSegmentSumKernel } from './unsorted-segment-sum.js';

const builtins = new Map<string, KernelConfig>();
/** marks our kernel functions, so a second registration does not mistake them for built-ins */
const OURS = Symbol.for('segplan.validation.kernel');

/** The backend's own kernel that ours replaced (undefined if it had none). */
export function builtinKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  return builtins.get(`${kernelName}/${backendName}`);
}

export function registerValidationKernels(tf: Tf, backendName: string): void {
  if (backendName !== 'cpu' && backendName !== 'wasm') return;
  const ours = [conv2dBackpropFilterKernel(tf, backendName), unsortedSegmentSumKernel(backendName)];
  // the depthwise gradients only where the backend has none (wasm): cpu's built-ins stay
  if (backendName === 'wasm') ours.push(depthwiseBackpropInputKernel(tf, backendName), depthwiseBackpropFilterKernel(tf, backendName));
  for (const k of ours) {
    const existing = tf.getKernel(k.kernelName, backendName);
    if (existing) {
      if (OURS in existing.kernelFunc) continue;
      builtins.set(`${k.kernelName}/${backendName}`, existing);
      tf.unregisterKernel(k.kernelName, backendName);
    }
    Object.defineProperty(k.kernelFunc, OURS, { value: true });
    tf.registerKernel(k);
  }
}
