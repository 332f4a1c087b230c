import { timeZoneOption, type DateInput } from '../_internal/calendar';
import { emptyInput, invalidArgument } from '../_internal/fail';
import { numberOption, oneOf } from '../_internal/options';
import { objectArgument } from '../_internal/records';
import {
  customerDays,
  dayOption,
  readTransactions,
  skippedRows,
  windowOption,
  type DayWindow,
  type TransactionOptions,
  type TransactionTable,
} from '../_internal/transactions';
import { isoDay } from '../time/period';

/**
 * Options of functions that count the transactions of a window of calendar days. They read no
 * amounts, so they take no `amount` or `refunds` option.
 */
export interface PurchaseWindowOptions<T> extends Omit<TransactionOptions<T>, 'amount' | 'refunds'> {
  /** First day of the window (included), read in `timeZone`; give `to` with it. Neither: the whole log. */
  from?: DateInput | undefined;
  /** Last day of the window (included), read in `timeZone`; give `from` with it. */
  to?: DateInput | undefined;
}

/** Options of {@link purchaseFrequency}: the window and how transactions are read. */
export type PurchaseFrequencyOptions<T> = PurchaseWindowOptions<T>;

/** Options of {@link repeatPurchaseRatio}. */
export interface RepeatPurchaseRatioOptions<T> extends PurchaseWindowOptions<T> {
  /** First day of the window (included). */
  from: DateInput;
  /** Last day of the window (included). */
  to: DateInput;
  /**
   * `'within-window'` (default): repeat customers bought on at least two days inside the window.
   * `'returning'`: customers who bought in the window and on at least two occasions up to its
   * end, earlier purchases included; with `occasion: 'order'` it is Shopify's returning customer
   * rate, which counts orders, not days.
   * `'after-first'`: customers whose first purchase falls in the window, and who bought again
   * within `within` days of it; needs `within` and `asOf`.
   */
  definition?: RepeatDefinition | undefined;
  /** What counts as a purchase occasion: `'day'` (default; same-day orders merged) or `'order'`. */
  occasion?: 'day' | 'order' | undefined;
  /**
   * For `'after-first'`: days after the first purchase in which a second one counts, a whole
   * number >= 0 (e.g. 365; 0 counts only a second order on the first day, with `occasion: 'order'`).
   */
  within?: number | undefined;
  /**
   * For `'after-first'`: the last day the log covers, read in `timeZone`. The window must end at
   * least `within` days before it, so that every customer counted had the full `within` days to
   * buy again.
   */
  asOf?: DateInput | undefined;
}

/** Definitions of {@link repeatPurchaseRatio}. */
export type RepeatDefinition = 'within-window' | 'returning' | 'after-first';

/** Result of {@link repeatPurchaseRatio}. */
export interface RepeatPurchaseRatio {
  /** The definition used. */
  definition: RepeatDefinition;
  /** First day of the window, `YYYY-MM-DD`. */
  from: string;
  /** Last day of the window, `YYYY-MM-DD`. */
  to: string;
  /** Customers who bought in the window. */
  customers: number;
  /** Of those, customers who bought again (by the definition). */
  repeatCustomers: number;
  /** repeatCustomers / customers, in [0, 1]. */
  ratio: number;
  /** Transactions skipped because a field was missing. */
  missing: number;
  /** Transactions skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

// Purchase occasions of one customer's days from the day at index `from`: distinct days, or orders.
// Called per customer: a plain loop, with no copy of the orders.
function occasions(orders: number[], occasion: 'day' | 'order', from = 0): number {
  if (occasion === 'day') return orders.length - from;
  let sum = 0;
  for (let k = from; k < orders.length; k++) sum += orders[k]!;
  return sum;
}

// `checkWindow` refuses a window that does not fit the other options, also before any row.
function windowFor<T>(
  fn: string,
  transactions: Iterable<T>,
  options: PurchaseWindowOptions<T>,
  required: boolean,
  checkWindow?: (window: DayWindow) => void,
) {
  const given = options === undefined ? {} : objectArgument(fn, 'options', options, 'an object of options');
  // The window before any row, so that a bad one is named even with a bad or empty log.
  const window = windowOption(fn, given, timeZoneOption(fn, given.timeZone), required);
  checkWindow?.(window);
  return { table: readTransactions(fn, transactions, given, false), window };
}

/**
 * Repeat-purchase ratio: of the customers who bought in a window, the share who bought again.
 *
 * - `'within-window'` (default; "customers who bought again in the year / all customers who
 *   bought that year"): customers with at least two purchase occasions inside the window, over
 *   customers with at least one.
 * - `'returning'`: customers who bought in the window and have at least two purchase occasions
 *   up to the window's end, earlier ones included, over customers who bought in the window. It
 *   is never below the within-window ratio. With `occasion: 'order'` it is Shopify's "returning
 *   customer rate", which counts orders (two orders on one day make a returning customer).
 * - `'after-first'` ("how many new customers buy again within a year"): customers whose first
 *   purchase in the log falls in the window, over which those with a second purchase occasion at
 *   most `within` days after the first: a later day, or with `occasion: 'order'` also a second
 *   order on the first day. Customers whose first purchase is too recent have not had `within`
 *   days to come back and would pull the ratio down, so the window must end `within` days before
 *   `asOf`, the last day of the log, or the call is refused.
 *
 * A purchase occasion is a calendar day in `timeZone` with at least one order (several orders on
 * one day are one occasion), or each order with `occasion: 'order'`.
 *
 * @see Shopify Help Center, "Returning customer rate" (the returning definition).
 * @param transactions - records read through `customer` and `date` (default fields `customerId`, `date`)
 * @param options - from and to (both included), definition, occasion, timeZone, accessors
 * @returns counts and the ratio in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_VALUE` (unparseable date, bad customer id), `EMPTY_INPUT`
 *   (no customer bought in the window), `INVALID_ARGUMENT` (bad window or option)
 * @example
 * const log = [
 *   { customerId: 1, date: '2023-12-20' },
 *   { customerId: 1, date: '2024-03-01' },
 *   { customerId: 2, date: '2024-02-01' },
 *   { customerId: 2, date: '2024-05-01' },
 *   { customerId: 3, date: '2024-07-01' },
 * ];
 * repeatPurchaseRatio(log, { from: '2024-01-01', to: '2024-12-31' })
 * // => { customers: 3, repeatCustomers: 1, ratio: 0.3333 }
 * repeatPurchaseRatio(log, { from: '2024-01-01', to: '2024-12-31', definition: 'returning' }).ratio
 * // => 0.6667
 * // Customers who first bought from January to July 2024, and of them who bought again within 90 days
 * repeatPurchaseRatio(log, { from: '2024-01-01', to: '2024-07-31', definition: 'after-first', within: 90, asOf: '2024-12-31' })
 * // => { customers: 2, repeatCustomers: 1, ratio: 0.5 }
 */
export function repeatPurchaseRatio<T>(
  transactions: Iterable<T>,
  options: RepeatPurchaseRatioOptions<T>,
): RepeatPurchaseRatio {
  const fn = 'repeatPurchaseRatio';
  const definition = oneOf<RepeatDefinition>(
    fn,
    'definition',
    options?.definition,
    ['within-window', 'returning', 'after-first'],
    'within-window',
  );
  const occasion = oneOf(fn, 'occasion', options?.occasion, ['day', 'order'], 'day');
  if (definition !== 'after-first' && (options?.within !== undefined || options?.asOf !== undefined)) {
    throw invalidArgument(fn, 'definition', definition, "must be 'after-first' for the within and asOf options");
  }
  // The options of 'after-first', and the window against them, are checked before the log is
  // read, as the other options are.
  const horizon =
    definition === 'after-first'
      ? {
          within: numberOption(fn, 'within', options.within, { lower: 0, lowerInclusive: true, integer: true }),
          asOf: dayOption(fn, 'asOf', options.asOf, timeZoneOption(fn, options.timeZone)),
        }
      : undefined;
  const { table, window } = windowFor(fn, transactions, options, true, ({ to }) => {
    if (horizon !== undefined && to + horizon.within > horizon.asOf) {
      const { within, asOf } = horizon;
      throw invalidArgument(
        fn,
        'to',
        options.to,
        `must be at least within (${within}) days before asOf (${isoDay(asOf)}): later first buyers have not had ${within} days to buy again`,
      );
    }
  });
  if (horizon !== undefined) {
    return ratioOf(fn, table, window, definition, afterFirst(table, window, horizon.within, occasion));
  }
  let customers = 0;
  let repeatCustomers = 0;
  for (const { days, orders } of customerDays(table, (day) => day <= window.to)) {
    // The days are in order: occasions from the first day in the window.
    let first = 0;
    while (first < days.length && days[first]! < window.from) first++;
    const inWindow = occasions(orders, occasion, first);
    if (inWindow === 0) continue;
    customers++;
    if ((definition === 'within-window' ? inWindow : occasions(orders, occasion)) >= 2) repeatCustomers++;
  }
  return ratioOf(fn, table, window, definition, { customers, repeatCustomers });
}

// Customers whose first occasion is in the window, and those with a second one within `within` days.
function afterFirst(
  table: TransactionTable,
  window: DayWindow,
  within: number,
  occasion: 'day' | 'order',
): { customers: number; repeatCustomers: number } {
  let customers = 0;
  let repeatCustomers = 0;
  for (const { days, orders } of customerDays(table)) {
    const first = days[0];
    if (first === undefined || first < window.from || first > window.to) continue;
    customers++;
    const second = days[1];
    if ((occasion === 'order' && orders[0]! > 1) || (second !== undefined && second - first <= within)) {
      repeatCustomers++;
    }
  }
  return { customers, repeatCustomers };
}

function ratioOf(
  fn: string,
  table: TransactionTable,
  window: DayWindow,
  definition: RepeatDefinition,
  { customers, repeatCustomers }: { customers: number; repeatCustomers: number },
): RepeatPurchaseRatio {
  if (customers === 0) {
    const who = definition === 'after-first' ? 'no customer bought for the first time' : 'no customer bought';
    throw emptyInput(fn, `${who} in the window${skippedRows(table)}`);
  }
  return {
    definition,
    from: isoDay(window.from),
    to: isoDay(window.to),
    customers,
    repeatCustomers,
    ratio: repeatCustomers / customers,
    missing: table.missing,
    invalid: table.invalid,
  };
}

/** Result of {@link purchaseFrequency}. */
export interface PurchaseFrequency {
  /** Orders (transactions) in the window. */
  orders: number;
  /** Distinct customers with an order in the window. */
  customers: number;
  /** orders / customers: orders per customer. */
  frequency: number;
  /** Transactions skipped because a field was missing. */
  missing: number;
  /** Transactions skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

function rowsInWindow(table: TransactionTable, window: DayWindow): { orders: number; customers: number } {
  const seen = new Uint8Array(table.customers.length);
  let orders = 0;
  let customers = 0;
  for (let r = 0; r < table.rows; r++) {
    const day = table.day[r]!;
    if (day < window.from || day > window.to) continue;
    orders++;
    const c = table.customerOf[r]!;
    if (seen[c] === 0) {
      seen[c] = 1;
      customers++;
    }
  }
  return { orders, customers };
}

/**
 * Purchase frequency: orders per customer in a window, orders / distinct customers. Every
 * transaction is an order (same-day orders are not merged here). Without `from` and `to` the
 * whole log counts.
 *
 * @param transactions - records read through `customer` and `date`
 * @param options - optional window (from and to together, both included), timeZone, accessors
 * @returns orders, customers and their ratio (>= 1)
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT` (no order in the window), `INVALID_ARGUMENT`
 * @example
 * purchaseFrequency([
 *   { customerId: 'a', date: '2024-01-05' },
 *   { customerId: 'a', date: '2024-01-05' },
 *   { customerId: 'b', date: '2024-02-01' },
 *   { customerId: 'a', date: '2024-03-09' },
 * ]) // => { orders: 4, customers: 2, frequency: 2 }
 */
export function purchaseFrequency<T>(
  transactions: Iterable<T>,
  options: PurchaseFrequencyOptions<T> = {},
): PurchaseFrequency {
  const fn = 'purchaseFrequency';
  const { table, window } = windowFor(fn, transactions, options, false);
  const { orders, customers } = rowsInWindow(table, window);
  if (customers === 0) throw emptyInput(fn, `no order in the window${skippedRows(table)}`);
  return { orders, customers, frequency: orders / customers, missing: table.missing, invalid: table.invalid };
}

/** Options of {@link interPurchaseTimes}. */
export interface InterPurchaseTimesOptions<T> extends PurchaseWindowOptions<T> {
  /** Unit of the gaps: `'day'` (default) or `'week'` (7 days). */
  unit?: 'day' | 'week' | undefined;
}

/** Result of {@link interPurchaseTimes}. */
export interface InterPurchaseTimes {
  /** Number of gaps (consecutive purchase days of the same customer). */
  count: number;
  /** Customers with at least one gap. */
  customers: number;
  /** Mean gap, in `unit`. */
  mean: number;
  /** Median gap, in `unit` (the mean of the two middle gaps when the count is even). */
  median: number;
  /** Unit of mean and median. */
  unit: 'day' | 'week';
  /** Transactions skipped because a field was missing. */
  missing: number;
  /** Transactions skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

/**
 * Time between purchases: the gaps between consecutive purchase days of each customer (same-day
 * orders merged), pooled over customers, with their mean and median. Gaps are skewed (many short,
 * a few very long), so both are reported: the median is the typical gap, the mean is pulled up by
 * the long ones. With a window, only purchase days inside it count.
 *
 * @param transactions - records read through `customer` and `date`
 * @param options - optional window (from and to together, both included), unit, timeZone, accessors
 * @returns count, mean and median of the gaps, in `unit`
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT` (no customer bought on two days), `INVALID_ARGUMENT`
 * @example
 * interPurchaseTimes([
 *   { customerId: 'a', date: '2024-01-01' },
 *   { customerId: 'a', date: '2024-01-11' },
 *   { customerId: 'a', date: '2024-03-01' },
 *   { customerId: 'b', date: '2024-01-01' },
 *   { customerId: 'b', date: '2024-01-05' },
 * ]) // => { count: 3, mean: 21.3333, median: 10, unit: 'day' }
 */
export function interPurchaseTimes<T>(
  transactions: Iterable<T>,
  options: InterPurchaseTimesOptions<T> = {},
): InterPurchaseTimes {
  const fn = 'interPurchaseTimes';
  const unit = oneOf(fn, 'unit', options?.unit, ['day', 'week'], 'day');
  const { table, window } = windowFor(fn, transactions, options, false);
  const gaps: number[] = [];
  let customers = 0;
  for (const { days } of customerDays(table, (day) => day >= window.from && day <= window.to)) {
    if (days.length > 1) customers++;
    for (let k = 1; k < days.length; k++) gaps.push(days[k]! - days[k - 1]!);
  }
  if (gaps.length === 0) throw emptyInput(fn, `no customer bought on two different days${skippedRows(table)}`);
  gaps.sort((a, b) => a - b);
  const middle = gaps.length >> 1;
  const median = gaps.length % 2 === 1 ? gaps[middle]! : (gaps[middle - 1]! + gaps[middle]!) / 2;
  const daysPerUnit = unit === 'week' ? 7 : 1;
  const total = gaps.reduce((sum, gap) => sum + gap, 0);
  return {
    count: gaps.length,
    customers,
    mean: total / gaps.length / daysPerUnit,
    median: median / daysPerUnit,
    unit,
    missing: table.missing,
    invalid: table.invalid,
  };
}
