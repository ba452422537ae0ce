// Public entry of the TensorFlow.js validation (loaded lazily by `segplan validate`).

export { runValidation, type CaseResult, type RunOptions } from './run.js';
export { writeReport, renderMarkdown } from './report.js';
export { suiteCases, type SuiteName } from './suite.js';
export { BACKENDS, type BackendName } from './backend.js';
