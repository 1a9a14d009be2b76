// Preloaded (node -r) where the examples run from this repository: `import ... from 'cdk-certkit'` resolves to
// src/index.ts, as it resolves to the installed package in a repo the example is copied into. Type checking
// does the same through `paths` in examples/tsconfig.json, and jest through moduleNameMapper (.projenrc.ts).
const Module = require('node:module');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'src', 'index.ts');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === 'cdk-certkit' ? entry : request, ...rest);
};
