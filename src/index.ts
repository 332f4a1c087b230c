// Errors
export { isLoyaltyMetricsError, LoyaltyMetricsError } from './errors';
export type { LoyaltyMetricsErrorCode, LoyaltyMetricsErrorDetails } from './errors';
export type { BadInputOptions, InvalidPolicy, MissingPolicy } from './_internal/options';

// Survey: tallies
export { mergeTallies, tally, tallyBy } from './survey/tally';
export type {
  AnswerOptions,
  GroupKey,
  SampleCounts,
  Scale,
  Tally,
  TallyByOptions,
  TallyGroup,
  TallyGroups,
  TallyOptions,
} from './survey/tally';

// Survey: Net Promoter Score
export { classifyNps, compareNps, nps, npsBreakdown, npsInterval, npsSampleSize } from './survey/nps';
export type {
  CompareNpsOptions,
  NpsBreakdown,
  NpsBreakdownOptions,
  NpsCategory,
  NpsComparison,
  NpsCounts,
  NpsInput,
  NpsInterval,
  NpsIntervalMethod,
  NpsIntervalOptions,
  NpsOptions,
  NpsSampleSizeOptions,
} from './survey/nps';

// Survey: customer satisfaction
export { compareCsat, csat, csatBreakdown, csatInterval } from './survey/csat';
export type {
  CompareCsatOptions,
  CsatBreakdown,
  CsatBreakdownOptions,
  CsatComparison,
  CsatInterval,
  CsatIntervalOptions,
  CsatOptions,
} from './survey/csat';

// Survey: customer effort
export { ces, cesBreakdown, cesInterval, compareCes } from './survey/ces';
export type {
  CesBreakdown,
  CesBreakdownOptions,
  CesComparison,
  CesComparisonMethod,
  CesComparisonMethods,
  CesDirection,
  CesInterval,
  CesIntervalMethod,
  CesIntervalMethods,
  CesIntervalOptionFields,
  CesIntervalOptions,
  CesOptions,
  CesReport,
  CesReportGiven,
  CesVersion,
  CompareCesOptionFields,
  CompareCesOptions,
} from './survey/ces';

// Purchases: transaction summaries and repeat purchase
export { compressSummaries, summarizeTransactions } from './purchases/summary';
export type {
  CompressedSummary,
  CustomerSummary,
  SummarizeTransactionsOptions,
  SummaryUnit,
  TransactionSummary,
} from './purchases/summary';
export { interPurchaseTimes, purchaseFrequency, repeatPurchaseRatio } from './purchases/repeat';
export type {
  InterPurchaseTimes,
  InterPurchaseTimesOptions,
  PurchaseFrequency,
  PurchaseFrequencyOptions,
  PurchaseWindowOptions,
  RepeatDefinition,
  RepeatPurchaseRatio,
  RepeatPurchaseRatioOptions,
} from './purchases/repeat';
export type { CustomerId, TransactionOptions } from './_internal/transactions';

// Purchases: RFM, tiers and segment revenue
export { RFM_SEGMENTS, rfm } from './purchases/rfm';
export type { RfmAnalysis, RfmCustomer, RfmOptions, RfmSegmentRule } from './purchases/rfm';
export { loyaltyTiers } from './purchases/tiers';
export type {
  CustomerTier,
  LoyaltyTier,
  LoyaltyTiers,
  LoyaltyTiersOptions,
  TierMetric,
  TierWindow,
} from './purchases/tiers';
export { segmentRevenue } from './purchases/segments';
export type {
  RevenueDifference,
  RevenueGroup,
  SegmentKey,
  SegmentRevenue,
  SegmentRevenueOptions,
  SegmentRevenueRow,
} from './purchases/segments';

// Retention
export { churnRate, convertRate, expectedLifetime, retentionRate, revenueRetention } from './retention/rates';
export type {
  ChurnRateCounts,
  ConvertRateOptions,
  RetentionRateCounts,
  RevenueByCustomer,
  RevenueRetention,
} from './retention/rates';
export { subscriptionCohorts, subscriptionMetrics, subscriptionTenures } from './retention/subscriptions';
export type {
  Subscription,
  SubscriptionCohorts,
  SubscriptionCohortsOptions,
  SubscriptionMetrics,
  SubscriptionMetricsOptions,
  SubscriptionOptions,
  SubscriptionTenure,
  SubscriptionTenures,
  SubscriptionTenuresOptions,
} from './retention/subscriptions';
export { kaplanMeier, restrictedMeanSurvival } from './retention/survival';
export type { KaplanMeierCurve, KaplanMeierOptions, RestrictedMeanSurvival } from './retention/survival';

// Retention: cohorts
export { cohortRetention } from './retention/cohorts';
export type {
  CohortRetention,
  CohortRetentionMode,
  CohortRetentionOptions,
  RetentionCohort,
} from './retention/cohorts';

// Value: closed-form lifetime value
export { cacPayback, discountedLtv, ltv, ltvFromChurn, ltvToCac } from './value/closed-form';
export type {
  CacPaybackOptions,
  DiscountedLtvOptions,
  LtvFromChurnOptions,
  LtvOptions,
  LtvToCac,
} from './value/closed-form';

// Models: "Buy Till You Die" purchase and spend models
export { fitBgNbd, fitModifiedBgNbd } from './models/fit-bgnbd';
export type { FitBgNbdOptions, FitModifiedBgNbdOptions, PurchaseModelData, SummaryOfRows } from './models/fit-bgnbd';
export type { BgNbdModel, BgNbdParams } from './models/bgnbd';
export { fitParetoNbd } from './models/pareto-nbd';
export type { FitParetoNbdOptions, ParetoNbdModel, ParetoNbdParams } from './models/pareto-nbd';
export { expectedSpend, fitGammaGamma } from './models/fit-gamma-gamma';
export type { FitGammaGammaOptions, SpendRow } from './models/fit-gamma-gamma';
export type { GammaGammaModel, GammaGammaParams } from './models/gamma-gamma';
export {
  conditionalExpectedPurchases,
  expectedPurchases,
  probabilityAlive,
  purchaseProbability,
} from './models/predict';
export type { PurchaseModel } from './models/predict';
export type { FrequencyRecencyRow } from './models/rows';
export { simulateBgNbd } from './models/simulate';
export type { SimulateBgNbdOptions, SimulatedCustomer } from './models/simulate';

// Models: BG/BB (discrete-time)
export {
  bgBbConditionalExpectedTransactions,
  bgBbExpectedTransactions,
  bgBbProbabilityAlive,
  bgBbTransactionProbability,
  fitBgBb,
  simulateBgBb,
} from './models/bgbb';
export type {
  BgBbCustomer,
  BgBbModel,
  BgBbParams,
  BgBbRow,
  FitBgBbOptions,
  SimulateBgBbOptions,
  SimulatedBgBbCustomer,
} from './models/bgbb';

// Models: shifted-beta-geometric (contractual retention)
export {
  churnProbability,
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  sbgRetentionRate,
  survival,
} from './models/sbg';
export type {
  ContractLifetime,
  ContractLifetimes,
  ContractualModel,
  DiscountedExpectedResidualLifetimeOptions,
  FitShiftedBetaGeometricOptions,
  SbgData,
  SbgModel,
  SbgParams,
  SurvivorCounts,
} from './models/sbg';

// Value: customer lifetime value from fitted models
export { customerLifetimeValue } from './value/clv';
export type {
  ClvCustomer,
  ClvInterval,
  ClvIntervalOptions,
  CustomerLifetimeValue,
  CustomerLifetimeValueOptions,
  CustomerValue,
  Duration,
} from './value/clv';

// Time
export { periodOf } from './time/period';
export type { Period, PeriodOfOptions } from './time/period';
export type { DateInput } from './_internal/calendar';

// Statistics building blocks
export { normalQuantile } from './stats/distributions';
export { compareProportions, meanInterval, proportionInterval } from './stats/intervals';
export type {
  CompareProportionsOptions,
  MeanInterval,
  MeanIntervalOptions,
  NetMethod,
  ProportionComparison,
  ProportionInterval,
  ProportionIntervalOptions,
  ProportionMethod,
  ProportionSample,
} from './stats/intervals';
export type { NumberReaderOptions } from './_internal/numbers';
