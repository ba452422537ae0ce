// The signed relative difference every validation reports: (predicted − measured) / measured; 0 when both are
// 0, Infinity when only the measurement is.
export function relativeDifference(predicted: number, measured: number): number {
  return measured === 0 ? (predicted === 0 ? 0 : Infinity) : (predicted - measured) / measured;
}

/** The items named `name` exactly, or else every item whose name contains it (all items without a name). */
export function selectByName<T extends { name: string }>(items: readonly T[], name?: string): T[] {
  const exact = items.filter((c) => c.name === name);
  return exact.length > 0 ? exact : items.filter((c) => !name || c.name.includes(name));
}
