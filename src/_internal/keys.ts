/**
 * Orders keys (group keys, customer ids): numbers first, ascending, then strings in code-unit
 * order, so results do not depend on the order of the input.
 */
export function compareKeys(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
