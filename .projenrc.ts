import { awscdk, javascript, JsonFile } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-certkit',
  description: 'Typed constructs for TLS certificates: cert-manager on Kubernetes (cdk8s), least-privilege AWS roles (aws-cdk-lib), and an ACME runtime for targets outside any cluster.',
  author: 'cdk-certkit maintainers',
  authorAddress: 'maintainers@cdk-certkit.dev',
  repositoryUrl: 'https://github.com/cdk-certkit/cdk-certkit.git',
  keywords: ['cdk', 'cdk8s', 'cert-manager', 'acme', 'letsencrypt', 'tls', 'eks', 'acm'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',
  // cdk-nag 3 needs aws-cdk-lib >= 2.257.0; this is also our peer minimum.
  cdkVersion: '2.257.0',
  constructsVersion: '10.5.1',
  minNodeVersion: '20.0.0',
  github: false,
  release: false,
  peerDeps: ['cdk8s@^2.70.100', 'cdk8s-plus-28@^2.5.6'],
  // Runtime code (CLI, synth-time schema validation, ACME core) needs these once installed.
  bundledDeps: [
    'acme-client@^5.4.0',
    'ajv@^8.17.0',
    'yaml@^2.8.0',
    '@aws-sdk/client-route-53@^3.900.0',
  ],
  devDeps: [
    'cdk8s-cli@^2.200.0',
    'cdk-nag@^3.0.0',
    'aws-sdk-client-mock@^4.1.0',
    'aws-sdk-client-mock-jest@^4.1.0',
    '@aws-sdk/client-acm@^3.900.0',
    '@aws-sdk/client-secrets-manager@^3.900.0',
    '@aws-sdk/client-s3@^3.900.0',
    '@aws-sdk/client-ssm@^3.900.0',
    '@aws-sdk/client-cloudwatch@^3.900.0',
    '@aws-sdk/client-dynamodb@^3.900.0',
    '@aws-cdk/lambda-layer-kubectl-v33@^2.2.0',
    '@types/aws-lambda@^8.10.0',
    'esbuild@^0.25.0',
    'nock@^14.0.9',
  ],
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_22_X,
    // Bundles stay under 1 MiB: the AWS SDK v3 clients come from the nodejs22.x runtime (bundling them adds ~1 MB),
    // the code is minified, and acme-client resolves to its crypto helpers only, the one part the runtime core
    // uses (its index also loads an HTTP client and node-forge). projen passes these esbuild options through
    // without typing them in lambdaOptions.
    bundlingOptions: {
      externals: ['@aws-sdk/*'],
      minify: true,
      esbuildArgs: { '--alias:acme-client': './src/runtime/handler/bundle-aliases/acme-client-crypto.js' },
    } as awscdk.LambdaFunctionCommonOptions['bundlingOptions'],
  },
  jestOptions: {
    // jest 30 and eslint-import-resolver-typescript 4 need unrs-resolver, whose non-Linux bindings the registry
    // here does not serve; npm then writes a lock file that `npm ci` refuses. jest 29 has no such dependency.
    jestVersion: '^29',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      coverageReporters: ['json', 'lcov'],
      testTimeout: 30_000,
    },
  },
  tsJestOptions: {
    // Type checking is jsii's job at compile time; tests only transpile (the L1 imports are large).
    transformOptions: { isolatedModules: true },
  },
  gitignore: ['.cache/', 'examples/*/dist/', 'examples/*/cdk.out/', 'bench/results/'],
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'build-tools', 'examples', 'bench'],
    ignorePatterns: ['src/imports/**', '*.d.ts', 'node_modules/'],
  },
});

// See jestVersion: the TypeScript import resolver pulls in unrs-resolver; eslint-plugin-import's node resolver suffices.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.eslint!.file.addDeletionOverride('settings.import/resolver.typescript');

// A plain "N passed, N failed" line that CI reads, besides jest's own summary.
project.jest!.addReporter(new javascript.JestReporter('./build-tools/summary-reporter.js'));
project.addBins({ 'cdk-certkit': 'bin/cdk-certkit' });
project.addFields({ files: undefined });
project.npmignore?.exclude('.cache/', 'examples/', 'bench/', 'build-tools/', '.ci/');
project.npmignore?.include('bin/');

const tsNode = 'ts-node --transpile-only --project test/tsconfig.json';

// L1 classes from the pinned upstream CRDs (../shared/upstream, or the checksummed download cache).
project.addTask('import', {
  description: 'Regenerate src/imports/ from the pinned upstream CRDs',
  exec: `${tsNode} build-tools/import-crds.ts`,
});

const examples = project.addTask('examples', {
  description: 'Synthesize every app under examples/ into its dist/ or cdk.out/',
});
// The AWS examples package the renewal Lambda, so its bundle must exist first (a fresh clone has none).
examples.spawn(project.bundler.bundleTask);
examples.exec(`${tsNode} build-tools/synth-examples.ts`, { receiveArgs: true });

project.addTask('bench', {
  description: 'Run the benchmarks (all, or those named: synth, issuance, lambda) and print their table',
  exec: `${tsNode} bench/run.ts`,
  receiveArgs: true,
});

// The published package carries the pinned upstream files it validates against (see src/upstream).
project.postCompileTask.exec(`${tsNode} build-tools/ship-upstream.ts`);

// Lint and type-check scripts outside src/ with the same compiler settings.
for (const dir of ['build-tools', 'bench', 'examples']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '..' }, include: ['**/*.ts'] },
  });
}

// Tests, examples, benchmarks and build scripts run transpile-only, so the test task type-checks them, and
// compiles src with jsii so that an API other languages cannot use fails the suite.
project.testTask.spawn(project.compileTask);
// API.md is generated; CI fails when the committed copy is not what the code generates.
project.testTask.spawn(project.tasks.tryFind('docgen')!);
project.testTask.spawn(project.addTask('api-md:check', {
  description: 'In CI, fail when API.md differs from what docgen generated',
  condition: '[ -n "$CI" ]',
  exec: 'git diff --exit-code --stat -- API.md || (echo "API.md is stale: run npx projen docgen and commit it" && exit 1)',
}));
for (const dir of ['test', 'examples', 'bench', 'build-tools']) {
  project.testTask.exec(`tsc --noEmit -p ${dir}/tsconfig.json`);
}

// The Lambda bundles are assets the AWS constructs and their tests need.
project.testTask.prependSpawn(project.bundler.bundleTask);

project.synth();
