// Bundle-only stand-in for the 'acme-client' package (see lambdaOptions in .projenrc.ts): the runtime core uses only
// acme-client's `crypto` helpers, and the package's index also loads its HTTP client and node-forge (~0.5 MB
// minified) that the Lambda bundle never runs. The relative path keeps esbuild's alias from applying to itself.
exports.crypto = require('../../../../node_modules/acme-client/src/crypto');
