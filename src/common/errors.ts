// Kept so existing imports resolve while callers move to src/private/errors.ts; it will be deleted.
export { CertkitError, invalid, report } from '../private/errors';
