// Let's Encrypt rate limits as a synth-time budget.
export { LetsEncryptRateLimits } from './lets-encrypt-limits';
export type { AccountRateLimits, AcmeRateLimits, CaRateLimits } from './lets-encrypt-limits';
export { RateLimitBudget, SharedRateLimitBudget } from './rate-limit-budget';
export type { RateLimitBudgetOptions, RateLimitBudgetProps } from './rate-limit-budget';
