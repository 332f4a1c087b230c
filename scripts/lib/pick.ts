/** Weighted draws shared by the data generators in scripts/. */
import type { UniformSource } from '../../src/stats/random.ts';

/** Index drawn with probability proportional to `weights`. */
export function pick(random: UniformSource, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let u = random() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u < 0) return i;
  }
  return weights.length - 1;
}
