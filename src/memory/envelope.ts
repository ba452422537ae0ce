// The upper envelope of lines c + d·b over b ≥ 1: the candidates that can be the maximum for some
// micro-batch. A line is dropped only when another is at least as high at b = 1 and grows at least as
// fast, so the maximum of the kept lines equals the maximum of all lines for every b ≥ 1.

import type { Lin } from './lin.js';

function covers(a: Lin, x: Lin): boolean {
  return a.d >= x.d && a.c + a.d >= x.c + x.d;
}

export class Envelope {
  readonly lines: Lin[] = [];

  static of(lines: Iterable<Lin>): Lin[] {
    const e = new Envelope();
    for (const l of lines) e.push(l);
    return e.lines;
  }

  push(x: Lin): void {
    for (const a of this.lines) if (covers(a, x)) return;
    for (let i = this.lines.length - 1; i >= 0; i--) if (covers(x, this.lines[i]!)) this.lines.splice(i, 1);
    this.lines.push(x);
  }
}
