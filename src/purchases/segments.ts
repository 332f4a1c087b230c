import { timeZoneOption, type DateInput } from '../_internal/calendar';
import { compareKeys } from '../_internal/keys';
import { accessorOption } from '../_internal/options';
import { fieldOf, isCustomerId, objectArgument, rowPolicy } from '../_internal/records';
import { finiteResult } from '../_internal/fail';
import { decimalTotal, moneySum } from '../_internal/sums';
import {
  customerDays,
  readTransactions,
  windowOption,
  type CustomerId,
  type TransactionOptions,
} from '../_internal/transactions';
import { isoDay } from '../time/period';

const REPEAT = 'repeat';
const ONE_TIME = 'oneTime';

/** A segment: a string or a finite number (the value of the `segment` accessor, or `'repeat'`/`'oneTime'`). */
export type SegmentKey = string | number;

/** Options of {@link segmentRevenue}. */
export interface SegmentRevenueOptions<T> extends TransactionOptions<T> {
  /** First day of the window (included), read in `timeZone`. */
  from: DateInput;
  /** Last day of the window (included), read in `timeZone`. */
  to: DateInput;
  /**
   * Reads the segment of a transaction (e.g. the customer's loyalty tier). Without it, customers
   * are split into `'repeat'` and `'oneTime'` buyers of the window. `null`/`undefined` is a
   * missing value (the transaction is skipped and counted as missing).
   */
  segment?: ((d: T, i: number) => SegmentKey | null | undefined) | undefined;
}

/** Customers, orders and revenue of a group of transactions in the window. */
export interface RevenueGroup {
  /** Distinct customers with a transaction of the group in the window. */
  customers: number;
  /** Orders (transactions) in the window. */
  orders: number;
  /** Total amount of those orders, in the currency of the amounts. */
  revenue: number;
  /** revenue / customers; null when the group has no customer. */
  revenuePerCustomer: number | null;
}

/** One segment of a {@link SegmentRevenue} result. */
export interface SegmentRevenueRow extends RevenueGroup {
  /** The segment: `'repeat'` or `'oneTime'` by default, otherwise a value of the `segment` accessor. */
  segment: SegmentKey;
}

/** Repeat customers minus one-time customers (default segments only). */
export interface RevenueDifference {
  /** Revenue of repeat customers minus revenue of one-time customers. */
  revenue: number;
  /** Revenue per repeat customer minus revenue per one-time customer; null when either group is empty. */
  revenuePerCustomer: number | null;
}

/** Result of {@link segmentRevenue}. */
export interface SegmentRevenue {
  /** First day of the window, `YYYY-MM-DD` in the time zone. */
  from: string;
  /** Last day of the window, `YYYY-MM-DD` in the time zone. */
  to: string;
  /** The time zone the calendar days were read in. */
  timeZone: string;
  /**
   * The segments: `'repeat'` then `'oneTime'` (always both) by default; with a `segment`
   * accessor, every segment with a transaction in the window, sorted (numbers first, ascending,
   * then strings).
   */
  segments: SegmentRevenueRow[];
  /** The whole window: distinct customers, orders and revenue. */
  total: RevenueGroup;
  /** Repeat minus one-time customers (default segments); null with a `segment` accessor. */
  difference: RevenueDifference | null;
  /** Transactions left out because their day lies outside the window. */
  transactionsOutsideWindow: number;
  /** Transactions skipped because a field was missing. */
  missing: number;
  /** Transactions skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

/** Accumulates one group's transactions. */
class Group {
  readonly customers = new Set<CustomerId>();
  orders = 0;
  readonly amounts: number[] = [];

  add(customer: CustomerId, amount: number): void {
    this.customers.add(customer);
    this.orders++;
    this.amounts.push(amount);
  }

  result(fn: string): RevenueGroup {
    // Summed once for both; the mean from the exact sum in one division: three buyers of 0.05
    // spend 0.05 each, not 0.049999999999999996. At most the revenue, so finite with it.
    const total = decimalTotal(this.amounts);
    const revenue = finiteResult(fn, total());
    const customers = this.customers.size;
    const revenuePerCustomer = customers > 0 ? total(customers) : null;
    return { customers, orders: this.orders, revenue, revenuePerCustomer };
  }
}

const isKey = (value: unknown): value is SegmentKey =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** A customer and the segment of one of their transactions. */
interface Pair {
  customer: CustomerId;
  segment: SegmentKey;
}

/**
 * A `customer` accessor that reads each valid (customer, segment) pair as a customer of its own
 * (its index in `pairs`), so that readTransactions applies its bad-input rules to the row unchanged.
 * An absent or bad customer is passed through for readTransactions to skip or refuse; an absent or
 * bad segment is refused here, or passed on as an absent (undefined) or bad (NaN) customer so that
 * readTransactions counts the row as missing or invalid.
 */
function pairReader<T>(
  fn: string,
  options: SegmentRevenueOptions<T>,
  segmentOf: (d: T, i: number) => unknown,
  pairs: Pair[],
): (d: T, i: number) => CustomerId | null | undefined {
  const customerOf = accessorOption(fn, 'customer', options.customer) ?? fieldOf('customerId');
  const policy = rowPolicy(fn, options);
  const ids = new Map<CustomerId, Map<SegmentKey, number>>();
  return (d, i) => {
    const customer = customerOf(d, i) as CustomerId | null | undefined;
    // What is not a customer goes on as it is, for the reader to refuse or count.
    if (!isCustomerId(customer)) return customer;
    const segment = segmentOf(d, i);
    if (segment === null || segment === undefined) {
      policy.reject(i, 'segment', segment);
      return undefined;
    }
    if (!isKey(segment)) {
      policy.reject(i, 'segment', segment, 'a segment must be a string or a finite number');
      return NaN;
    }
    let ofCustomer = ids.get(customer);
    if (ofCustomer === undefined) ids.set(customer, (ofCustomer = new Map()));
    let id = ofCustomer.get(segment);
    if (id === undefined) {
      id = pairs.length;
      pairs.push({ customer, segment });
      ofCustomer.set(segment, id);
    }
    return id;
  };
}

/**
 * Revenue by customer segment over a window of calendar days: the customers, orders, revenue and
 * revenue per customer of each segment, and of the whole window.
 *
 * By default the segments are the repeat customers of the window (at least two purchase days in
 * it; same-day orders are one purchase day) and the one-time customers (exactly one), and
 * `difference` gives repeat minus one-time, for revenue and revenue per customer: "how much
 * more are repeat customers worth this year". Their revenues sum to the window's total revenue.
 *
 * With a `segment` accessor (a loyalty tier, a channel, a region), each transaction counts in the
 * segment it names instead, and a customer counts once in every segment where they have a
 * transaction in the window (so segment customers may sum to more than the total); `difference`
 * is then null.
 *
 * The window runs from `from` to `to`, both included, as calendar days in `timeZone`;
 * transactions outside it are left out and counted. An empty window is not an error: its
 * counts and revenue are 0 and its per-customer values null.
 *
 * @param transactions - records read through `customer`, `date` and `amount` (default fields
 *   `customerId`, `date`, `amount`)
 * @param options - from and to (required), segment, timeZone, accessors, refunds, bad-input policies
 * @returns one row per segment, the window's total, and the repeat minus one-time difference
 * @throws LoyaltyMetricsError `INVALID_VALUE` (unparseable date, non-finite or negative amount,
 *   bad customer id or segment, or a missing field under `missing: 'throw'`), `INVALID_ARGUMENT`
 *   (bad or reversed window, time zone, accessor or policy, or data that is not iterable),
 *   `EMPTY_INPUT` (no valid row: empty, or every row skipped)
 * @example
 * const log = [
 *   { customerId: 'ann', date: '2024-02-01', amount: 50, tier: 'Gold' },
 *   { customerId: 'ann', date: '2024-02-01', amount: 10, tier: 'Gold' },
 *   { customerId: 'ann', date: '2024-09-15', amount: 60, tier: 'Gold' },
 *   { customerId: 'bob', date: '2024-04-03', amount: 40, tier: 'Silver' },
 *   { customerId: 'cat', date: '2024-07-19', amount: 20, tier: 'Silver' },
 *   { customerId: 'cat', date: '2023-12-30', amount: 99, tier: 'Silver' }, // before the window
 * ];
 * const year = segmentRevenue(log, { from: '2024-01-01', to: '2024-12-31' });
 * year.segments
 * // => [{ segment: 'repeat', customers: 1, orders: 3, revenue: 120, revenuePerCustomer: 120 }, { segment: 'oneTime', customers: 2, orders: 2, revenue: 60, revenuePerCustomer: 30 }]
 * year.difference // => { revenue: 60, revenuePerCustomer: 90 }
 * segmentRevenue(log, { from: '2024-01-01', to: '2024-12-31', segment: (d) => d.tier }).segments
 * // => [{ segment: 'Gold', customers: 1, revenue: 120 }, { segment: 'Silver', customers: 2, revenue: 60 }]
 */
export function segmentRevenue<T>(transactions: Iterable<T>, options: SegmentRevenueOptions<T>): SegmentRevenue {
  const fn = 'segmentRevenue';
  objectArgument(fn, 'options', options, 'an object with from and to');
  const segmentOf = accessorOption(fn, 'segment', options.segment);
  // The window before any row, so that a bad one is named even with a bad or empty log.
  const window = windowOption(fn, options, timeZoneOption(fn, options.timeZone), true);
  const pairs: Pair[] = [];
  const table = readTransactions(
    fn,
    transactions,
    segmentOf === undefined ? options : { ...options, customer: pairReader(fn, options, segmentOf, pairs) },
    true,
  );
  const inWindow = (day: number): boolean => day >= window.from && day <= window.to;

  // The customer and the segment of every customer index of the table.
  const groups = new Map<SegmentKey, Group>();
  let customerAt: readonly CustomerId[];
  let segmentAt: readonly SegmentKey[];
  if (segmentOf === undefined) {
    groups.set(REPEAT, new Group()).set(ONE_TIME, new Group());
    customerAt = table.customers;
    segmentAt = customerDays(table, inWindow).map(({ days }) => (days.length >= 2 ? REPEAT : ONE_TIME));
  } else {
    const pairAt = table.customers.map((id) => pairs[id as number]!);
    customerAt = pairAt.map((pair) => pair.customer);
    segmentAt = pairAt.map((pair) => pair.segment);
  }

  const total = new Group();
  let transactionsOutsideWindow = 0;
  for (let row = 0; row < table.rows; row++) {
    if (!inWindow(table.day[row]!)) {
      transactionsOutsideWindow++;
      continue;
    }
    const c = table.customerOf[row]!;
    const amount = table.amount[row]!;
    total.add(customerAt[c]!, amount);
    const segment = segmentAt[c]!;
    let group = groups.get(segment);
    if (group === undefined) groups.set(segment, (group = new Group()));
    group.add(customerAt[c]!, amount);
  }

  const keys = [...groups.keys()];
  if (segmentOf !== undefined) keys.sort(compareKeys);
  const segments = keys.map((segment): SegmentRevenueRow => ({ segment, ...groups.get(segment)!.result(fn) }));
  let difference: RevenueDifference | null = null;
  if (segmentOf === undefined) {
    const [repeat, oneTime] = segments as [SegmentRevenueRow, SegmentRevenueRow];
    difference = {
      revenue: moneySum(fn, [repeat.revenue, -oneTime.revenue]),
      revenuePerCustomer:
        repeat.revenuePerCustomer === null || oneTime.revenuePerCustomer === null
          ? null
          : repeat.revenuePerCustomer - oneTime.revenuePerCustomer,
    };
  }
  return {
    from: isoDay(window.from),
    to: isoDay(window.to),
    timeZone: table.timeZone,
    segments,
    total: total.result(fn),
    difference,
    transactionsOutsideWindow,
    missing: table.missing,
    invalid: table.invalid,
  };
}
