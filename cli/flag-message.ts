// An engine error in the command line's words: the engine names the request field (`segprop.segmentSize`), the
// user typed its flag (`--segment-size`); the job parameter table knows both.
import { RequestError } from '../src/errors.js';
import { parameterByField } from '../src/job/parameters.js';

/** `given`: the flags the user typed; a value the user did not type is named as the flag's default. */
export function flagMessage(e: RequestError, given?: ReadonlySet<string>): string {
  const p = parameterByField(e.field);
  if (!p) return e.message;
  const text = RequestError.text(`--${p.flag}`, e.value, e.reason);
  // `segplan plan t5-small` fails on SegProp's default layout: say which flag to give (a value that is not the
  // default came from a scenario, a sweep axis or a study variant, and is not called one)
  const isDefault = given !== undefined && !given.has(p.flag) && p.default !== undefined && e.value === p.default;
  return isDefault ? `${text} (--${p.flag} was not given: that is its default; give it to choose)` : text;
}
