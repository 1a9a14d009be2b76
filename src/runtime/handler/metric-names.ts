// Metric names shared by the handler (which publishes them) and the construct (whose alarms watch them).
export const METRIC = {
  daysToExpiry: 'DaysToExpiry',
  issued: 'IssuanceSucceeded',
  failed: 'IssuanceFailed',
} as const;
export const DIMENSION = 'Certificate';
