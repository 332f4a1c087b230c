import { emptyInput, invalidArgument } from '../_internal/fail';
import { accessorOption, confidenceOption, numberOption, type BadInputOptions } from '../_internal/options';
import { iterableArgument, objectArgument, rowPolicy } from '../_internal/records';
import { normalCritical } from '../stats/distributions';

/** Options of {@link kaplanMeier}. */
export interface KaplanMeierOptions<T> extends BadInputOptions {
  /** Reads the observed time (a tenure, in any unit) of a record: a finite number >= 0. */
  duration: (d: T, i: number) => number | null | undefined;
  /** Reads whether the event (e.g. churn) happened at that time: `true`; `false` when censored (still active). */
  ended: (d: T, i: number) => boolean | null | undefined;
  /** Confidence level of the pointwise interval, in (0, 1); default 0.95. */
  confidence?: number | undefined;
}

/**
 * Result of {@link kaplanMeier}: one entry per distinct observed time in every array, so that
 * `survival[k]` is S(t) for `times[k] <= t < times[k + 1]` (and 1 before `times[0]`).
 */
export interface KaplanMeierCurve {
  /** Distinct observed times, ascending, in the unit of the durations (times with only censoring included). */
  times: number[];
  /** n: observations still at risk just before each time (duration >= time). */
  atRisk: number[];
  /** d: events at each time. */
  events: number[];
  /** Censored observations at each time (still at risk at that time). */
  censored: number[];
  /** S(t) = Π (1 - d/n) over the times up to t, in [0, 1], non-increasing. */
  survival: number[];
  /** Lower bound of the log-log interval of S(t). */
  low: number[];
  /** Upper bound of the log-log interval of S(t). */
  high: number[];
  /** Greenwood standard error of S(t): S · √(Σ d / (n (n - d))); 0 where S is 1 or 0. */
  standardError: number[];
  /** Median survival: the smallest time with S(t) <= 0.5 (to 1e-12 relative); `null` when the curve stays above 0.5. */
  median: number | null;
  /** Confidence level of the intervals. */
  confidence: number;
  /** Valid observations. */
  n: number;
  /** Observations skipped because the duration or the event flag was missing. */
  missing: number;
  /** Observations skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

// Relative slack for S(t) <= 0.5: a product such as 11/18 · 9/11 rounds just above one half.
// 0.5 · (1 + 1e-12), as a literal so that bundlers can drop it when kaplanMeier is not used.
const HALF = 0.5000000000005;

/**
 * Kaplan-Meier estimate of the survival function S(t): the probability that a customer is
 * still active after a tenure t, from observations where some customers have left (the event)
 * and others are still active (censored: all we know is that they lasted at least their
 * duration). At each distinct time with n at risk and d events, S drops by the factor
 * 1 - d/n: S(t) = Π_{t_i <= t} (1 - d_i / n_i). A customer censored at t_i is at risk at t_i.
 *
 * - Greenwood variance: Var S(t) = S(t)² Σ_{t_i <= t} d_i / (n_i (n_i - d_i)). A time where
 *   every customer at risk leaves (d = n) sets S to 0 and adds no term, so the error is 0 there.
 * - Log-log interval (never leaves [0, 1]): θ = log(-log S), se_θ = √(Σ d/(n(n - d))) / |log S|,
 *   bounds S^exp(±z · se_θ); where S is 1 or 0 both bounds equal S (as in R's survival), a
 *   zero width that says nothing of precision: with 10 customers, a true S of 0.9 is often
 *   estimated as 1 before anyone has left, and the interval [1, 1] misses it.
 * - Median: the smallest time with S <= 0.5, `null` if the curve never gets there. (R's
 *   survival package averages two times when S is exactly 0.5 on a flat stretch; this does not.)
 *   S within 1e-12 relative above 0.5 counts as 0.5: the product of the factors rounds, and 11/18
 *   · 9/11 comes out just above one half. A curve that truly stays that close above it (a few
 *   hundred observations can do it: 22 events among 966 give S = 0.5 + 9.5e-14) gets that time
 *   as its median too.
 *
 * Without censoring S(t) is the share of observations with a duration above t, 1 - F_n(t).
 *
 * @see Kaplan, E. L. & Meier, P. (1958). Nonparametric estimation from incomplete
 *   observations. JASA 53(282), 457-481; Greenwood, M. (1926). The natural duration of cancer;
 *   Klein, J. P. & Moeschberger, M. L. (2003). Survival Analysis, 2nd ed., sections 4.2-4.3.
 * @param observations - records read through `duration` and `ended`
 * @param options - `duration` and `ended` accessors, `confidence`, bad-input policies
 * @returns the curve, one entry per distinct time, with its intervals and median
 * @throws LoyaltyMetricsError `INVALID_VALUE` for a negative or non-finite duration or a
 *   non-boolean `ended`; `EMPTY_INPUT` when no valid observation remains; `INVALID_ARGUMENT` for
 *   missing or bad accessors, a bad confidence or a non-iterable input
 * @example
 * const tenures = [
 *   { months: 2, churned: true },
 *   { months: 3, churned: true },
 *   { months: 3, churned: false },
 *   { months: 5, churned: true },
 *   { months: 8, churned: false },
 *   { months: 8, churned: true },
 *   { months: 12, churned: false },
 * ];
 * const curve = kaplanMeier(tenures, { duration: (d) => d.months, ended: (d) => d.churned });
 * curve.times // => [2, 3, 5, 8, 12]
 * curve.survival // => [0.8571, 0.7143, 0.5357, 0.3571, 0.3571]
 * curve.standardError[1] // => 0.1707
 * curve.median // => 8
 */
export function kaplanMeier<T>(observations: Iterable<T>, options: KaplanMeierOptions<T>): KaplanMeierCurve {
  const fn = 'kaplanMeier';
  iterableArgument(fn, 'observations', observations, 'observations');
  objectArgument(fn, 'options', options, 'an object with duration and ended accessors');
  const durationOf = accessorOption(fn, 'duration', options.duration);
  const endedOf = accessorOption(fn, 'ended', options.ended);
  if (durationOf === undefined) throw invalidArgument(fn, 'duration', durationOf, 'must be a function');
  if (endedOf === undefined) throw invalidArgument(fn, 'ended', endedOf, 'must be a function');
  const confidence = confidenceOption(fn, options.confidence);
  const policy = rowPolicy(fn, options);

  const eventTimes: number[] = [];
  const censorTimes: number[] = [];
  let index = 0;
  for (const record of observations) {
    const i = index++;
    const duration: unknown = durationOf(record, i);
    if (duration === null || duration === undefined) {
      policy.reject(i, 'duration', duration);
      continue;
    }
    if (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0) {
      policy.reject(i, 'duration', duration, 'must be a finite number >= 0');
      continue;
    }
    const ended: unknown = endedOf(record, i);
    if (ended === null || ended === undefined) {
      policy.reject(i, 'ended', ended);
      continue;
    }
    if (typeof ended !== 'boolean') {
      policy.reject(i, 'ended', ended, 'must be true (the event happened) or false (censored)');
      continue;
    }
    (ended ? eventTimes : censorTimes).push(duration);
  }
  const n = eventTimes.length + censorTimes.length;
  if (n === 0) throw emptyInput(fn, 'no valid observation remains');

  const events = Float64Array.from(eventTimes).sort();
  const censorings = Float64Array.from(censorTimes).sort();
  const z = normalCritical(confidence);
  const curve: KaplanMeierCurve = {
    times: [],
    atRisk: [],
    events: [],
    censored: [],
    survival: [],
    low: [],
    high: [],
    standardError: [],
    median: null,
    confidence,
    n,
    missing: policy.missing,
    invalid: policy.invalid,
  };
  let atRisk = n;
  let survival = 1;
  let greenwood = 0;
  let e = 0;
  let c = 0;
  while (e < events.length || c < censorings.length) {
    const time = Math.min(events[e] ?? Infinity, censorings[c] ?? Infinity);
    let d = 0;
    let censored = 0;
    while (e < events.length && events[e] === time) {
      e++;
      d++;
    }
    while (c < censorings.length && censorings[c] === time) {
      c++;
      censored++;
    }
    if (d > 0) {
      // (n - d) / n rounds once, where 1 - d / n would round twice.
      survival *= (atRisk - d) / atRisk;
      if (d < atRisk) greenwood += d / (atRisk * (atRisk - d));
    }
    let low = survival;
    let high = survival;
    if (survival > 0 && survival < 1) {
      const spread = Math.exp((z * Math.sqrt(greenwood)) / Math.abs(Math.log(survival)));
      low = survival ** spread;
      high = survival ** (1 / spread);
    }
    curve.times.push(time);
    curve.atRisk.push(atRisk);
    curve.events.push(d);
    curve.censored.push(censored);
    curve.survival.push(survival);
    curve.low.push(low);
    curve.high.push(high);
    curve.standardError.push(survival * Math.sqrt(greenwood));
    if (curve.median === null && survival <= HALF) curve.median = time;
    atRisk -= d + censored;
  }
  return curve;
}

/** Result of {@link restrictedMeanSurvival}. */
export interface RestrictedMeanSurvival {
  /** The horizon τ, in the unit of the curve's times. */
  tau: number;
  /** ∫₀^τ S(t) dt: the mean tenure up to τ, in the unit of the curve's times, in [0, τ]. */
  mean: number;
  /**
   * `true` when τ lies beyond the curve's last time while S is still above 0 there: from there
   * to τ, S is held at its last value, an assumption rather than data. Choose a τ within the
   * observed times to avoid it. A curve that has reached 0 is known to stay there.
   */
  extrapolated: boolean;
}

/**
 * Restricted mean survival time up to τ: the area under the survival step function,
 * ∫₀^τ S(t) dt, with S = 1 before the first time and S kept at its last value after the last
 * time (τ may lie beyond it, which the result flags as `extrapolated`; an empty curve is S = 1
 * throughout). It is the average tenure a customer completes within the first
 * τ units of time ("years of continued use out of the first τ"): unlike the mean of the
 * observed durations, censoring does not bias it, and unlike the plain mean it exists when
 * the curve never reaches 0. Compare segments at the same τ.
 *
 * @see Royston, P. & Parmar, M. K. B. (2013). Restricted mean survival time: an alternative to
 *   the hazard ratio. BMC Medical Research Methodology 13, 152; Klein & Moeschberger (2003),
 *   section 4.5.
 * @param curve - a {@link KaplanMeierCurve}, or any `{ times, survival }` step function with
 *   times ascending from 0 and survival in [0, 1], non-increasing
 * @param tau - the horizon, > 0, in the unit of the times
 * @returns τ, the restricted mean, in [0, τ], and whether τ lies beyond the curve's last time
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for τ not a finite number > 0 or a malformed curve
 * @example
 * const curve = { times: [2, 3, 5, 8, 12], survival: [0.8571, 0.7143, 0.5357, 0.3571, 0.3571] };
 * restrictedMeanSurvival(curve, 10) // => { tau: 10, mean: 6.607, extrapolated: false }
 * restrictedMeanSurvival(curve, 1) // => { tau: 1, mean: 1, extrapolated: false }
 * restrictedMeanSurvival(curve, 14) // => { tau: 14, mean: 8.035, extrapolated: true }
 */
export function restrictedMeanSurvival(
  curve: { readonly times: readonly number[]; readonly survival: readonly number[] },
  tau: number,
): RestrictedMeanSurvival {
  const fn = 'restrictedMeanSurvival';
  objectArgument(fn, 'curve', curve, 'a survival curve { times, survival }');
  const { times, survival } = curve;
  if (!Array.isArray(times) || !Array.isArray(survival) || times.length !== survival.length) {
    throw invalidArgument(fn, 'curve', curve, 'must hold arrays times and survival of the same length');
  }
  const horizon = numberOption(fn, 'tau', tau, { lower: 0 });
  // The whole curve is checked, also beyond tau. S = 1 before the first time.
  let area = 0;
  let stepTime = 0;
  let stepLevel = 1;
  let lastTime = 0;
  let lastLevel = 1;
  for (let k = 0; k < times.length; k++) {
    const time: unknown = times[k];
    const level: unknown = survival[k];
    if (typeof time !== 'number' || !Number.isFinite(time) || time < lastTime) {
      throw invalidArgument(fn, `curve.times[${k}]`, time, 'must be finite, >= 0 and ascending');
    }
    if (typeof level !== 'number' || !(level >= 0 && level <= lastLevel)) {
      throw invalidArgument(fn, `curve.survival[${k}]`, level, 'must lie in [0, 1] and never increase');
    }
    lastTime = time;
    lastLevel = level;
    if (time < horizon) {
      area += stepLevel * (time - stepTime);
      stepTime = time;
      stepLevel = level;
    }
  }
  area += stepLevel * (horizon - stepTime);
  // Between S(τ−) · τ and τ, where ∫₀^τ S lies as S never increases: the widths of the steps add
  // up to τ only up to rounding, and a curve still at 1 came out at 7.300000000000001 or
  // 7.299999999999999 for τ = 7.3. It is now τ itself.
  const mean = Math.min(horizon, Math.max(stepLevel * horizon, area));
  return { tau: horizon, mean, extrapolated: horizon > lastTime && lastLevel > 0 };
}
