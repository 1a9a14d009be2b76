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
  // Supported Node.js: 20, 22 and 24 (engines >= 20; 20 is end-of-life, 22 or 24 recommended). CI here proves
  // Node 20 only, the one this machine has; the Lambda runs nodejs22.x.
  minNodeVersion: '20.0.0',
  // No inline source maps in lib/: they tripled its size (lib/imports alone went from 1.8 to 4.5 MB).
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },
  // The assembly ships gzipped (.jsii.gz, with a small .jsii pointing at it): 0.7 MB less installed.
  compressAssembly: true,
  // Other languages (jsii-pacmak). Nothing is published from here (no release, no GitHub workflows); the test
  // task generates their code (pacmak:check) so that an API they cannot express fails CI.
  publishToPypi: { distName: 'cdk-certkit', module: 'cdk_certkit' },
  publishToMaven: { javaPackage: 'dev.cdkcertkit', mavenGroupId: 'dev.cdk-certkit', mavenArtifactId: 'cdk-certkit' },
  publishToNuget: { dotNetNamespace: 'CdkCertkit', packageId: 'CdkCertkit' },
  publishToGo: { moduleName: 'github.com/cdk-certkit/cdk-certkit-go', packageName: 'cdkcertkit' },
  github: false,
  release: false,
  peerDeps: ['cdk8s@^2.70.100', 'cdk8s-plus-28@^2.5.6'],
  // No dependencies but the peers. What synth needs at run time (ajv, yaml, tldts) is bundled by esbuild into
  // lib/vendor/ at compile time (build-tools/vendor-deps.ts): jsii takes only jsii modules as plain dependencies,
  // and as bundledDependencies they cost 6 MB installed. The CLI's own (acme-client, the Route 53 client: 34 MB)
  // are bundled into lib/runtime/cli/main.js. So all five are dev dependencies.
  devDeps: [
    'ajv@^8.17.0',
    'yaml@^2.8.0',
    // The Public Suffix List, for grouping names by registered domain (Let's Encrypt's rate-limit unit).
    'tldts@^7.0.0',
    'acme-client@^5.4.0',
    '@aws-sdk/client-route-53@^3.900.0',
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
    // The coverage table was 2,689 characters wide; CI prints a four-line summary (lcov keeps the detail).
    coverageText: false,
    jestConfig: {
      coverageReporters: ['json', 'lcov', 'text-summary'],
      testTimeout: 30_000,
      setupFiles: ['<rootDir>/build-tools/jest-setup.js'],
      // The examples import 'cdk-certkit' by name; their tests load them against src/.
      moduleNameMapper: { '^cdk-certkit$': '<rootDir>/src/index.ts' },
    },
  },
  // Type checking is jsii's job at compile time; tests only transpile (the L1 imports are large): ts-jest does
  // that because test/tsconfig.json sets isolatedModules (its own isolatedModules option is deprecated and warned
  // about in every test file's output).
  gitignore: ['.cache/', 'examples/*/dist/', 'examples/*/cdk.out/', 'bench/results/', '.jsii.gz'],
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'build-tools', 'examples', 'bench'],
    ignorePatterns: ['src/imports/**', '*.d.ts', 'node_modules/'],
  },
});

// See jestVersion: the TypeScript import resolver pulls in unrs-resolver; eslint-plugin-import's node resolver suffices.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.eslint!.file.addDeletionOverride('settings.import/resolver.typescript');

// No import cycles, type-only edges included: a cycle that holds only because its back edges are types breaks
// the day one of them becomes a value.
project.eslint!.addRules({ 'import/no-cycle': ['error', { ignoreExternal: true }] });
// CI runs Node 20 knowingly (the README says so): jsii, jsii-docgen and jsii-pacmak would each print a 15-line
// end-of-life banner into the test output.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
// The examples import the package by name (a self-reference the resolver cannot see; tsc and jest map it).
project.eslint!.addOverride({
  files: ['examples/**/*.ts'],
  rules: {
    'import/no-unresolved': ['error', { ignore: ['^cdk-certkit$'] }],
    'import/no-extraneous-dependencies': 'off',
  },
});
// The runtime's packages (acme-client, the Route 53 client) are bundled into the CLI and the Lambdas by esbuild, so
// they are dev dependencies; compile's vendor step fails when lib/ requires anything but a peer or a built-in.
project.eslint!.addOverride({
  files: ['src/runtime/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, peerDependencies: true, optionalDependencies: false }] },
});
// L1 classes are generated by `npx projen import`; reviewers and diff tools skip them.
project.gitattributes.addAttributes('/src/imports/**', 'linguist-generated');

// A plain "N passed, N failed" line that CI reads, besides jest's own summary.
project.jest!.addReporter(new javascript.JestReporter('./build-tools/summary-reporter.js'));
project.addBins({ 'cdk-certkit': 'bin/cdk-certkit' });
project.addFields({ files: undefined });
project.npmignore?.exclude('.cache/', 'examples/', 'bench/', 'build-tools/', '.ci/', '/API.md', '*.tgz');
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
  description: 'Run the benchmarks (all, or those named: synth, issuance, lambda, size) and print their table',
  exec: `${tsNode} bench/run.ts`,
  receiveArgs: true,
});

// Everything the package needs is made by compile itself, so that whatever packs lib/ afterwards (package:js,
// npm pack, the installed-package test) gets a complete package, whichever way compile was reached:
// 1. the renewal Lambda bundle (assets/), which the AWS constructs point at;
// 2. jsii;
// 3. the CLI bundled with its dependencies (acme-client, the Route 53 client) over jsii's lib/runtime/cli/main.js,
//    which bin/cdk-certkit requires, so those packages are not installed with the library;
// 4. ajv, yaml and tldts bundled into lib/vendor/ (build-tools/vendor-deps.ts), so the package has no dependencies
//    besides its peers;
// 5. the pinned upstream files synth reads (lib/upstream-data, see src/upstream).
project.preCompileTask.reset();
project.compileTask.prependSpawn(project.bundler.bundleTask);
project.compileTask.exec([
  'esbuild --bundle src/runtime/cli/main.ts --platform=node --target=node20 --minify --log-level=warning',
  '--outfile=lib/runtime/cli/main.js --tsconfig=test/tsconfig.json',
  '--alias:acme-client=./src/runtime/handler/bundle-aliases/acme-client-crypto.js',
].join(' '));
project.compileTask.exec(`${tsNode} build-tools/vendor-deps.ts`);
project.compileTask.exec(`${tsNode} build-tools/ship-upstream.ts`);
// package:js packs what compile left; refuse a lib/ that compile did not finish (e.g. a bare `jsii` run).
project.tasks.tryFind('package:js')!.prependExec('node build-tools/check-package.js');
// Without CI, projen's package task builds every language; this machine packs npm only (no PyPI, Maven or NuGet
// access) and generates the other languages' code in pacmak:check.
const packageAll = project.tasks.tryFind('package-all')!;
packageAll.reset();
packageAll.spawn(project.tasks.tryFind('package:js')!);

// API.md: jsii-docgen's reference, then a table of contents and one part per side (cluster, AWS, shared rules).
project.tasks.tryFind('docgen')!.exec(`${tsNode} build-tools/api-md.ts`);

// Tests load the examples, which import the package by name: the type-check maps that name as examples/ does.
project.tsconfigDev.file.addOverride('compilerOptions.paths', { 'cdk-certkit': ['../src/index.ts'] });

// Lint and type-check scripts outside src/ with the same compiler settings.
for (const dir of ['build-tools', 'bench', 'examples']) {
  // Examples import the package by name, as they would once copied into another repo (see
  // build-tools/self-reference.js for running them here, and moduleNameMapper above for their tests).
  const paths = dir === 'examples' ? { paths: { 'cdk-certkit': ['../src/index.ts'] } } : {};
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '..', ...paths }, include: ['**/*.ts'] },
  });
}

// Generates the Python, Java, .NET and Go bindings' code (no toolchain or registry needed) and byte-compiles the
// Python, so an API those languages cannot use fails the suite. Building them needs pip, Maven, dotnet and go with
// registry access, which CI here does not have.
const pacmakCheck = project.addTask('pacmak:check', {
  description: 'Generate the Python, Java, .NET and Go bindings (code only) and byte-compile the Python',
  steps: [
    { exec: 'rm -rf dist/pacmak-check' },
    {
      exec: 'jsii-pacmak --code-only --no-fingerprint --force --target python --target java --target dotnet --target go ' +
        '--outdir dist/pacmak-check --rosetta-unknown-snippets=verbatim',
    },
    { exec: 'python3 -m compileall -q dist/pacmak-check/python' },
  ],
});

// The test task compiles first: the installed-package and README tests pack lib/ and install it. jsii also
// type-checks src, so an API other languages cannot use fails the suite; tests, examples, benchmarks and build
// scripts run transpile-only, so they are type-checked here too.
project.testTask.reset();
project.testTask.spawn(project.compileTask);
project.testTask.execArgs(['jest', '--passWithNoTests', '--ci'], { receiveArgs: true });
project.testTask.spawn(project.tasks.tryFind('eslint')!);
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
project.testTask.spawn(pacmakCheck);

project.synth();
