// AWS side (aws-cdk-lib).
export * from './roles';
export * from './private-ca';
export * from './eks';
export * from './acme-certificate';
export * from './backup';
export * from './nag-findings';
export * from './acm-export';
