// AWS Private CA: create one, or import one by ARN with checks.
export * from './private-certificate-authority';
export * from './certificate-template';
