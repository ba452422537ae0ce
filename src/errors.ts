// Errors a user can fix (bad file, bad flag, unknown name). The CLI prints `message` as one line and exits 2;
// an EnvironmentError (full disk) is one line and exit 1; anything else is an internal error (exit 1).

export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string) {
    super(message);
  }
}

/** A problem in a file the user gave: `file: at /json/path: reason`. */
export class SpecError extends UserError {
  override name = 'SpecError';
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: at ${path || '/'}: ${reason}`);
  }
}

/**
 * A request the engine cannot plan, named by its field as a library user writes it (`seqLen`,
 * `segprop.segmentSize`). The CLI and the dashboard rewrite the field into the flag or knob their user set.
 */
export class RequestError extends UserError {
  override name = 'RequestError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(RequestError.text(field, value, reason));
  }
  /** `field value: reason`; the value is left out when undefined (the reason already quotes it) */
  static text(field: string, value: unknown, reason: string): string {
    return value === undefined ? `${field}: ${reason}` : `${field} ${shownValue(value)}: ${reason}`;
  }
}

/** A library caller can pass anything: an object shows as JSON, not "[object Object]". */
function shownValue(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? typeof value; // a function or a symbol has no JSON
}

/** The machine failed, not the input (a full disk, an I/O error): the CLI prints one line and exits 1. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
  constructor(message: string) {
    super(message);
  }
}

export function isEnvironmentError(e: unknown): e is EnvironmentError {
  return e instanceof EnvironmentError;
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
