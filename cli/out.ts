// Where the CLI writes: standard output and error of the process, or (in tests and the fuzz suite) whatever Io
// `main(argv, io)` was given. A closed pipe (`segplan sweep | head`) is not an error: the reader has what it
// wanted. Any other failure to write standard output (a full disk) is one line and exit 1.

export interface Io {
  /** standard output */
  out(text: string): void;
  /** standard error */
  err(text: string): void;
  /** whether standard error is a terminal (progress notes go only there) */
  errIsTTY: boolean;
}

let processIoMade: Io | undefined;

/** The process's own streams; the first call installs the handlers for EPIPE and other write errors. */
export function processIo(): Io {
  if (processIoMade) return processIoMade;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`segplan: error: cannot write to standard output: ${e.code ?? e.message}\n`);
    process.exit(1);
  });
  // a failing standard error has nowhere to report to; the exit status still tells
  process.stderr.on('error', () => undefined);
  processIoMade = {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    get errIsTTY() {
      return process.stderr.isTTY === true;
    },
  };
  return processIoMade;
}

let current: Io | undefined;
/** this command's warnings, each once (a sweep meets the same one at every point), held until it succeeds */
let warnings = new Set<string>();

/** Sends every later print, note, warning and progress line to `io` (a new command: warnings start afresh). */
export function useIo(io: Io): void {
  current = io;
  warnings = new Set();
}

/** Prints the held warnings; main calls it when the command succeeded (bad input ends in its one error line only). */
export function flushWarnings(): void {
  for (const w of warnings) io().err(`segplan: warning: ${w}\n`);
  warnings = new Set();
}

function io(): Io {
  return (current ??= processIo());
}

export function print(text: string): void {
  io().out(text.endsWith('\n') ? text : `${text}\n`);
}

/** A line for the person, not the pipe (e.g. "wrote FILE"), on standard error. */
export function note(text: string): void {
  io().err(`${text}\n`);
}

/** Legal but suspicious input: the result is computed, and this line on standard error says what to check. */
export function warn(text: string): void {
  warnings.add(text);
}

/** A progress note on stderr, only for a person watching a terminal (never in pipes or CI logs). */
export function progress(text: string): void {
  if (io().errIsTTY) io().err(`\r\x1b[2K${text}`);
}

export function progressDone(): void {
  if (io().errIsTTY) io().err('\r\x1b[2K');
}
