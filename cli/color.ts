// Colour only when stdout is a terminal and NO_COLOR is unset (https://no-color.org); pipes and files get
// plain text so that tables can be diffed and parsed.
import { Chalk, type ChalkInstance } from 'chalk';

let instance: ChalkInstance | undefined;

export function colorEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  const noColor = process.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  return stream.isTTY === true;
}

export function color(): ChalkInstance {
  instance ??= new Chalk({ level: colorEnabled() ? 1 : 0 });
  return instance;
}
