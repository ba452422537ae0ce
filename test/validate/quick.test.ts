// The quick suite on the cpu backend: contraction FLOPs per phase equal the engine's, no tensor leaks,
// and the physical peak and saved bytes against the engine's timeline with the tfjs profile.
import { quickSuiteChecks } from './suite-checks.js';

quickSuiteChecks('cpu', 120_000);
