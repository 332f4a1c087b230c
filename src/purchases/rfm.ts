import { timeZoneOption, type DateInput } from '../_internal/calendar';
import { invalidArgument } from '../_internal/fail';
import { compareKeys } from '../_internal/keys';
import { numberOption } from '../_internal/options';
import { objectArgument } from '../_internal/records';
import { moneySum } from '../_internal/sums';
import {
  activityUpTo,
  dayOption,
  readTransactions,
  type CustomerId,
  type TransactionOptions,
} from '../_internal/transactions';
import { rankScores } from '../stats/rank';
import { isoDay } from '../time/period';

/**
 * One rule of an RFM segment map: a customer belongs to segment `name` when its recency score
 * `r` and its `fm` score (the mean of the frequency and monetary scores, rounded down) both lie
 * in the given inclusive ranges. Rules are matched first to last.
 */
export interface RfmSegmentRule {
  /** Name of the segment. Several rules may share a name: the segment is then their union. */
  name: string;
  /** Inclusive range `[min, max]` of the recency score r. */
  r: readonly [min: number, max: number];
  /** Inclusive range `[min, max]` of fm = floor((f + m) / 2). */
  fm: readonly [min: number, max: number];
}

/**
 * The common RFM segment map for scores 1 to 5, as data, matched first to last (the first rule
 * that holds names the segment). It is the widely used table of eleven segments on the recency
 * score r and fm = floor((f + m) / 2). In that table the ranges overlap, so the order decides:
 * narrow rules come before wide ones (smallest rectangle first), which keeps every segment
 * reachable and covers all 25 (r, fm) cells, so "Other" never occurs with 5 bins. One range
 * differs from the common table: there, Lost has the ranges of Hibernating (r 1-2, fm 1-2), so
 * one of the two could never match; here Lost is narrowed to (1, 1).
 *
 * | # | segment            | r   | fm  | cells it gets (r, fm)             |
 * |---|--------------------|-----|-----|-----------------------------------|
 * | 1 | Lost               | 1-1 | 1-1 | (1,1)                             |
 * | 2 | New Customers      | 4-5 | 1-1 | (4,1) (5,1)                       |
 * | 3 | Promising          | 3-4 | 1-1 | (3,1)                             |
 * | 4 | Can't Lose Them    | 1-1 | 4-5 | (1,4) (1,5)                       |
 * | 5 | Champions          | 4-5 | 4-5 | (4,4) (4,5) (5,4) (5,5)           |
 * | 6 | Need Attention     | 2-3 | 2-3 | (2,2) (2,3) (3,2) (3,3)           |
 * | 7 | About To Sleep     | 2-3 | 1-2 | (2,1)                             |
 * | 8 | Hibernating        | 1-2 | 1-2 | (1,2)                             |
 * | 9 | At Risk            | 1-2 | 2-5 | (1,3) (2,4) (2,5)                 |
 * | 10| Potential Loyalist | 3-5 | 1-3 | (4,2) (4,3) (5,2) (5,3)           |
 * | 11| Loyal Customers    | 2-5 | 3-5 | (3,4) (3,5)                       |
 *
 * Pass your own list as `segments` to {@link rfm} to change it (a copy of this one, reordered
 * or edited, or a map for another number of bins). The constant is frozen to its last level, so
 * that editing a rule of a shallow copy (`[...RFM_SEGMENTS]` shares the rules) fails instead of
 * changing the default of every later call: edit copies of the rules, `{ ...rule, name: 'VIP' }`.
 *
 * @example
 * RFM_SEGMENTS.length // => 11
 * RFM_SEGMENTS[0] // => { name: 'Lost', r: [1, 1], fm: [1, 1] }
 */
export const RFM_SEGMENTS: readonly Readonly<RfmSegmentRule>[] = /* @__PURE__ */ frozenRules([
  { name: 'Lost', r: [1, 1], fm: [1, 1] },
  { name: 'New Customers', r: [4, 5], fm: [1, 1] },
  { name: 'Promising', r: [3, 4], fm: [1, 1] },
  { name: "Can't Lose Them", r: [1, 1], fm: [4, 5] },
  { name: 'Champions', r: [4, 5], fm: [4, 5] },
  { name: 'Need Attention', r: [2, 3], fm: [2, 3] },
  { name: 'About To Sleep', r: [2, 3], fm: [1, 2] },
  { name: 'Hibernating', r: [1, 2], fm: [1, 2] },
  { name: 'At Risk', r: [1, 2], fm: [2, 5] },
  { name: 'Potential Loyalist', r: [3, 5], fm: [1, 3] },
  { name: 'Loyal Customers', r: [2, 5], fm: [3, 5] },
]);

// The rules, their ranges and the list frozen (pure: a bundle that does not use the map drops it).
function frozenRules(rules: RfmSegmentRule[]): readonly Readonly<RfmSegmentRule>[] {
  for (const rule of rules) {
    Object.freeze(rule.r);
    Object.freeze(rule.fm);
    Object.freeze(rule);
  }
  return Object.freeze(rules);
}

/** The segment of a customer that no rule matches. */
const OTHER = 'Other';

/** Options of {@link rfm}. */
export interface RfmOptions<T> extends TransactionOptions<T> {
  /** The analysis date: the last day (included) whose transactions count, read in `timeZone`. */
  asOf: DateInput;
  /** Number of scores, an integer from 1 to 9 (so `code` has one digit per score); default 5 (quintiles). */
  bins?: number | undefined;
  /**
   * The segment map, matched first to last; default {@link RFM_SEGMENTS}, which is written for
   * 5 bins (with another `bins` this option is required; `[]` puts everyone in "Other").
   */
  segments?: readonly RfmSegmentRule[] | undefined;
}

/** One customer of an {@link RfmAnalysis}. */
export interface RfmCustomer {
  /** The customer. */
  customerId: CustomerId;
  /** Days from the last purchase day to `asOf` (calendar days in the time zone), >= 0. */
  recency: number;
  /** Number of orders (transactions) up to `asOf`, >= 1. */
  frequency: number;
  /** Total amount of those orders, in the currency of the amounts. */
  monetary: number;
  /** Recency score, 1..bins, higher for more recent customers (see {@link rfm} for ties). */
  r: number;
  /** Frequency score, 1..bins, higher for more frequent customers (see {@link rfm} for ties). */
  f: number;
  /** Monetary score, 1..bins, higher for bigger spenders (see {@link rfm} for ties). */
  m: number;
  /** The three scores as a string, `${r}${f}${m}`, e.g. `'545'`. */
  code: string;
  /** Name of the first rule of the segment map that matches, or `'Other'`. */
  segment: string;
}

/** Result of {@link rfm}. */
export interface RfmAnalysis {
  /** The analysis date, `YYYY-MM-DD` in the time zone. */
  asOf: string;
  /** The time zone the calendar days were read in. */
  timeZone: string;
  /** Number of scores. */
  bins: number;
  /** One entry per customer with a transaction up to `asOf`, sorted by customer id. */
  customers: RfmCustomer[];
  /**
   * Customers per segment: every name of the segment map in map order, then `'Other'`, each
   * with its count (0 included). The counts sum to the number of customers. An object lists keys
   * that are array indices (plain whole numbers such as `'1'` or `'42'`, not `'01'` or `'-1'`)
   * first and in numeric order, so for such names take the order from the segment map instead.
   */
  segmentCounts: Record<string, number>;
  /** Transactions left out because they came after `asOf`. */
  transactionsAfterAsOf: number;
  /** Transactions skipped because a field was missing. */
  missing: number;
  /** Transactions skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

const isRange = (range: unknown): range is readonly [number, number] =>
  Array.isArray(range) &&
  range.length === 2 &&
  typeof range[0] === 'number' &&
  typeof range[1] === 'number' &&
  range[0] <= range[1];

function segmentsOption(fn: string, segments: unknown, bins: number): readonly RfmSegmentRule[] {
  if (segments === undefined) {
    if (bins !== 5) {
      throw invalidArgument(fn, 'segments', segments, `must be given when bins is ${bins} (the default map is for 5)`);
    }
    return RFM_SEGMENTS;
  }
  if (!Array.isArray(segments)) {
    throw invalidArgument(fn, 'segments', segments, 'must be an array of { name, r: [min, max], fm: [min, max] }');
  }
  // A for loop, not forEach: forEach skips the holes of a sparse array, which would pass unchecked.
  for (let k = 0; k < segments.length; k++) {
    const rule: unknown = segments[k];
    const { name, r, fm } = (typeof rule === 'object' && rule !== null ? rule : {}) as Partial<RfmSegmentRule>;
    if (typeof name !== 'string' || !isRange(r) || !isRange(fm)) {
      throw invalidArgument(
        fn,
        `segments[${k}]`,
        rule,
        'must be { name: string, r: [min, max], fm: [min, max] } with numbers min <= max',
      );
    }
  }
  return segments as readonly RfmSegmentRule[];
}

/**
 * RFM analysis: recency, frequency and monetary value of every customer relative to an analysis
 * date, scored 1..bins by quantile of rank, with the customer's segment.
 *
 * Only transactions on or before `asOf` count (days are calendar days in `timeZone`).
 * - recency = days from the customer's last purchase day to `asOf` (0: bought that day);
 * - frequency = number of orders (every transaction is an order; same-day orders are not merged);
 * - monetary = total amount (refunds subtract under `refunds: 'allow'`).
 *
 * Scores: each measure is ranked over the n customers, equal values sharing the average rank of
 * their tie group, and `score = floor((averageRank - 1) * bins / n) + 1`, in 1..bins. Higher is
 * better: the lowest recency, the highest frequency and monetary value. With 5 bins these are
 * quintiles of rank; because equal values always get equal scores, buckets hold about, not
 * exactly, n / bins customers (many one-order customers all share one frequency score). The
 * best customers get `bins` only when their tie group is small: five of ten customers who all
 * bought on `asOf` share rank 8 and get r = 4, and a single customer gets 1 on every measure
 * (its rank is 1 of 1), so with few customers or large ties the scores, and the segments read
 * from them, say little. `code` is `${r}${f}${m}`.
 *
 * Segment: the first rule of `segments` (default {@link RFM_SEGMENTS}) whose `r` range holds r
 * and whose `fm` range holds fm = floor((f + m) / 2); `'Other'` when none does. Scores depend on
 * the whole population, so adding customers can change everyone's scores, but never their raw
 * recency, frequency or monetary value. With no transaction up to `asOf` the list is empty (not
 * an error).
 *
 * @see Hughes (1994), Strategic Database Marketing (RFM scoring by quintile).
 * @param transactions - records read through `customer`, `date` and `amount` (default fields
 *   `customerId`, `date`, `amount`)
 * @param options - asOf (required), bins (1..9, default 5), segments, timeZone, accessors,
 *   refunds, bad-input policies
 * @returns one entry per customer, sorted by customer id, and the customers per segment
 * @throws LoyaltyMetricsError `INVALID_VALUE` (unparseable date, non-finite or negative amount,
 *   bad customer id, or a missing field under `missing: 'throw'`), `INVALID_ARGUMENT` (bad
 *   asOf, bins, segments, time zone, accessor or policy, or data that is not iterable),
 *   `EMPTY_INPUT` (no valid row: empty, or every row skipped)
 * @example
 * const log = [
 *   { customerId: 'ann', date: '2024-06-28', amount: 120 },
 *   { customerId: 'ann', date: '2024-05-02', amount: 80 },
 *   { customerId: 'ann', date: '2024-03-10', amount: 60 },
 *   { customerId: 'bob', date: '2024-01-15', amount: 400 },
 *   { customerId: 'cat', date: '2024-06-20', amount: 30 },
 *   { customerId: 'dan', date: '2024-02-01', amount: 10 },
 *   { customerId: 'eve', date: '2024-06-01', amount: 45 },
 *   { customerId: 'eve', date: '2024-04-11', amount: 35 },
 *   { customerId: 'eve', date: '2024-07-04', amount: 99 }, // after asOf: left out
 * ];
 * const result = rfm(log, { asOf: '2024-06-30' });
 * result.customers[0]
 * // => { customerId: 'ann', recency: 2, frequency: 3, monetary: 260, r: 5, f: 5, m: 4, code: '554', segment: 'Champions' }
 * result.customers.map((c) => `${c.customerId} ${c.code} ${c.segment}`)
 * // => ['ann 554 Champions', 'bob 125 At Risk', 'cat 422 Potential Loyalist', 'dan 221 About To Sleep', 'eve 343 Need Attention']
 * result.segmentCounts // => { Champions: 1, 'At Risk': 1, Lost: 0, Other: 0 }
 */
export function rfm<T>(transactions: Iterable<T>, options: RfmOptions<T>): RfmAnalysis {
  const fn = 'rfm';
  objectArgument(fn, 'options', options, 'an object with asOf');
  const bins = numberOption(fn, 'bins', options.bins, { lower: 1, upper: 9, lowerInclusive: true, integer: true }, 5);
  const segments = segmentsOption(fn, options.segments, bins);
  const asOf = dayOption(fn, 'asOf', options.asOf, timeZoneOption(fn, options.timeZone));
  const table = readTransactions(fn, transactions, options, true);

  const customerCount = table.customers.length;
  const { lastDay, orders, amounts, transactionsAfterAsOf } = activityUpTo(table, asOf);

  const included: number[] = [];
  for (let c = 0; c < customerCount; c++) if (orders[c]! > 0) included.push(c);
  included.sort((a, b) => compareKeys(table.customers[a]!, table.customers[b]!));
  const recency = included.map((c) => asOf - lastDay[c]!);
  const frequency = included.map((c) => orders[c]!);
  const monetary = included.map((c) => moneySum(fn, amounts[c]!));
  // Lower recency is better: score its negation.
  const r = rankScores(
    recency.map((days) => -days),
    bins,
  );
  const f = rankScores(frequency, bins);
  const m = rankScores(monetary, bins);

  const segmentCounts = new Map<string, number>();
  for (const rule of segments) segmentCounts.set(rule.name, 0);
  segmentCounts.set(OTHER, 0);
  // The segment of each (r, fm) cell, found once.
  const cells = new Map<number, string>();
  const segmentOf = (rScore: number, fm: number): string => {
    const key = rScore * 16 + fm;
    let name = cells.get(key);
    if (name === undefined) {
      name = segments.find(
        (rule) => rule.r[0] <= rScore && rScore <= rule.r[1] && rule.fm[0] <= fm && fm <= rule.fm[1],
      )?.name;
      name ??= OTHER;
      cells.set(key, name);
    }
    return name;
  };

  const customers = included.map((c, k): RfmCustomer => {
    const scores = { r: r[k]!, f: f[k]!, m: m[k]! };
    const segment = segmentOf(scores.r, Math.floor((scores.f + scores.m) / 2));
    segmentCounts.set(segment, segmentCounts.get(segment)! + 1);
    return {
      customerId: table.customers[c]!,
      recency: recency[k]!,
      frequency: frequency[k]!,
      monetary: monetary[k]!,
      ...scores,
      code: `${scores.r}${scores.f}${scores.m}`,
      segment,
    };
  });

  return {
    asOf: isoDay(asOf),
    timeZone: table.timeZone,
    bins,
    customers,
    segmentCounts: Object.fromEntries(segmentCounts),
    transactionsAfterAsOf,
    missing: table.missing,
    invalid: table.invalid,
  };
}
