// An engine error in the command line's words: the engine names the request field (`segprop.segmentSize`), the
// user typed its flag (`--segment-size`); the job parameter table knows both.
import { RequestError } from '../src/errors.js';
import { parameterByField } from '../src/job/parameters.js';

export function flagMessage(e: RequestError): string {
  const p = parameterByField(e.field);
  return p ? RequestError.text(`--${p.flag}`, e.value, e.reason) : e.message;
}
