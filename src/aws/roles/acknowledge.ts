// Moved to src/aws/private/acknowledge.ts; kept only until examples/eks/nag-acknowledgments.ts imports it from there.
export { acknowledgeFinding } from '../private/acknowledge';
