import { logBinomialProbability } from './special';

/** A source of uniform numbers in [0, 1). */
export type UniformSource = () => number;

/**
 * A small seeded generator: xoshiro128** (Blackman & Vigna 2018) with its state filled by
 * splitmix32 from the seed, giving 53-bit uniform doubles. The same seed gives the same
 * sequence on every platform, which is what makes bootstraps and simulations reproducible.
 * Seeds are taken modulo 2^32: splitmix32 turns every one of them, 0 included, into a state of
 * xoshiro128** that is not all zeros, so no two seeds below 2^32 share a sequence.
 */
export function seededRandom(seed: number): UniformSource {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next32 = (): number => {
    const result = Math.imul(rotate(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotate(d, 11);
    return result;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

function rotate(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * An exact Binomial(n, p) draw by inversion that walks outward from the mode, so it takes
 * O(sqrt(n p (1 - p))) steps rather than O(n): fast enough to resample millions of answers.
 */
export function binomialDraw(random: UniformSource, trials: number, p: number): number {
  if (trials === 0 || p <= 0) return 0;
  if (p >= 1) return trials;
  const mode = Math.min(trials, Math.floor((trials + 1) * p));
  let u = random();
  // Accurate for any n: the other masses are this one times exact ratios, so its error would skew
  // them all, and with a total short of 1 the walk would cover every outcome (from n of about 1e12).
  const modeMass = Math.exp(logBinomialProbability(mode, trials, p));
  u -= modeMass;
  if (u < 0) return mode;
  // Outcomes in the order mode+1, mode-1, mode+2, mode-2, ...: any fixed order is exact inversion.
  let up = mode;
  let down = mode;
  let upMass = modeMass;
  let downMass = modeMass;
  const ratio = p / (1 - p);
  // Once a side's mass underflows to 0 it stays 0: the rest of that side holds nothing to draw.
  while ((up < trials && upMass > 0) || (down > 0 && downMass > 0)) {
    if (up < trials) {
      upMass *= ((trials - up) / (up + 1)) * ratio;
      up++;
      u -= upMass;
      if (u < 0) return up;
    }
    if (down > 0) {
      downMass *= down / (trials - down + 1) / ratio;
      down--;
      u -= downMass;
      if (u < 0) return down;
    }
  }
  // Rounding left a sliver of mass unassigned: it belongs to the mode.
  return mode;
}

/** A standard normal draw (Box-Muller; one of the pair is used). */
export function normalDraw(random: UniformSource): number {
  let u = random();
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * A Gamma(shape, 1) draw by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26(3); shapes below 1 use the boost Gamma(shape + 1) · U^(1/shape).
 */
export function gammaDraw(random: UniformSource, shape: number): number {
  if (shape < 1) {
    let u = random();
    while (u === 0) u = random();
    return gammaDraw(random, shape + 1) * Math.exp(Math.log(u) / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalDraw(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

// ln of a Gamma(shape, 1) draw, from the same uniforms as gammaDraw: for shapes far below 1 the draw
// itself underflows to 0 (U^(1/shape) with shape 0.001), its logarithm does not.
function logGammaDraw(random: UniformSource, shape: number): number {
  if (shape >= 1) return Math.log(gammaDraw(random, shape));
  let u = random();
  while (u === 0) u = random();
  return logGammaDraw(random, shape + 1) + Math.log(u) / shape;
}

/**
 * A Beta(a, b) draw from two gamma draws X, Y: X / (X + Y), or 1 / (1 + e^(ln Y - ln X)) when a
 * shape is below 1, where both draws can underflow to 0 and X / (X + Y) would be NaN.
 */
export function betaDraw(random: UniformSource, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    const x = gammaDraw(random, a);
    const y = gammaDraw(random, b);
    return x / (x + y);
  }
  const logX = logGammaDraw(random, a);
  return 1 / (1 + Math.exp(logGammaDraw(random, b) - logX));
}
