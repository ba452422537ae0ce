// Type aliases shared by the validation kernels (type-only imports: no runtime dependency on tfjs).

export type Tf = typeof import('@tensorflow/tfjs-core');
export type KernelConfig = import('@tensorflow/tfjs-core').KernelConfig;
export type KernelFunc = import('@tensorflow/tfjs-core').KernelFunc;
