import type { DateInput } from '../_internal/calendar';
import { emptyInput } from '../_internal/fail';
import { oneOf } from '../_internal/options';
import { objectArgument } from '../_internal/records';
import {
  customerDays,
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
   */
  definition?: 'within-window' | 'returning' | undefined;
  /** What counts as a purchase occasion: `'day'` (default; same-day orders merged) or `'order'`. */
  occasion?: 'day' | 'order' | undefined;
}

/** Result of {@link repeatPurchaseRatio}. */
export interface RepeatPurchaseRatio {
  /** The definition used. */
  definition: 'within-window' | 'returning';
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

// Purchase occasions of one customer's days: distinct days, or orders.
const occasions = (orders: number[], occasion: 'day' | 'order'): number =>
  occasion === 'day' ? orders.length : orders.reduce((sum, count) => sum + count, 0);

function windowFor<T>(fn: string, transactions: Iterable<T>, options: PurchaseWindowOptions<T>, required: boolean) {
  const given = options === undefined ? {} : objectArgument(fn, 'options', options, 'an object of options');
  const table = readTransactions(fn, transactions, given, false);
  return { table, window: windowOption(fn, given, table.timeZone, required) };
}

const dayKey = (day: number): string => (Number.isFinite(day) ? isoDay(day) : '');

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
 */
export function repeatPurchaseRatio<T>(
  transactions: Iterable<T>,
  options: RepeatPurchaseRatioOptions<T>,
): RepeatPurchaseRatio {
  const fn = 'repeatPurchaseRatio';
  const definition = oneOf(fn, 'definition', options?.definition, ['within-window', 'returning'], 'within-window');
  const occasion = oneOf(fn, 'occasion', options?.occasion, ['day', 'order'], 'day');
  const { table, window } = windowFor(fn, transactions, options, true);
  let customers = 0;
  let repeatCustomers = 0;
  for (const { days, orders } of customerDays(table, (day) => day <= window.to)) {
    let inWindow = 0;
    for (let k = 0; k < days.length; k++) if (days[k]! >= window.from) inWindow += occasion === 'day' ? 1 : orders[k]!;
    if (inWindow === 0) continue;
    customers++;
    if ((definition === 'within-window' ? inWindow : occasions(orders, occasion)) >= 2) repeatCustomers++;
  }
  if (customers === 0) throw emptyInput(fn, `no customer bought in the window${skippedRows(table)}`);
  return {
    definition,
    from: dayKey(window.from),
    to: dayKey(window.to),
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
  options: PurchaseWindowOptions<T> = {},
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
