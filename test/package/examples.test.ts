// The examples as their READMEs say to start a repo from them: copied out of this repository into a project with
// the packed package and the dependencies the example's README names, then run with `npx ts-node main.ts`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Installed, installPackage, REPO, run } from './install';

// Packages on the README's `npm install` lines, without versions, and its tsconfig.json line.
function readmeOf(example: string): { packages: string[]; tsconfig: string } {
  const text = fs.readFileSync(path.join(REPO, 'examples', example, 'README.md'), 'utf8');
  const packages = text.split('\n').filter(l => /^npm install /.test(l))
    .flatMap(l => l.replace(/^npm install /, '').split(/\s+/)).filter(w => w && !w.startsWith('-'))
    .map(w => w.replace(/(.)@.*$/, '$1'));
  const tsconfig = /^echo '(\{.*\})' > tsconfig\.json$/m.exec(text)![1];
  return { packages, tsconfig };
}

// Offline stand-ins: TypeScript 5 is only nested in this repository; the aws-cdk CLI is not installed here, so
// the examples run as `npx ts-node main.ts` (what their cdk.json's "app" runs).
const LINK_SOURCES: Record<string, string> = { typescript: 'cdk8s-cli/node_modules/typescript' };

describe.each(['platform', 'edge', 'eks'])('examples/%s copied into a new repo', example => {
  let installed: Installed;
  const { packages, tsconfig } = readmeOf(example);
  beforeAll(() => {
    installed = installPackage(packages.filter(p => p !== 'cdk-certkit' && p !== 'aws-cdk'), LINK_SOURCES);
    fs.cpSync(path.join(REPO, 'examples', example), installed.dir, {
      recursive: true,
      filter: src => !/\/(dist|cdk\.out)$/.test(src),
    });
    fs.writeFileSync(path.join(installed.dir, 'tsconfig.json'), tsconfig);
  }, 180_000);
  afterAll(() => installed?.dispose());

  test('imports only cdk-certkit, never this repository\'s sources', () => {
    for (const file of fs.readdirSync(installed.dir).filter(f => f.endsWith('.ts'))) {
      expect(fs.readFileSync(path.join(installed.dir, file), 'utf8')).not.toMatch(/from '\.\.\/\.\.\//);
    }
  });

  test('synthesizes with npx ts-node main.ts', () => {
    const out = path.join(installed.dir, 'out');
    run('npx', ['--offline', 'ts-node', 'main.ts'], { cwd: installed.dir, env: installed.env({ CDK_OUTDIR: out }), timeout: 150_000 });
    const written = [out, path.join(installed.dir, 'dist')].filter(d => fs.existsSync(d)).flatMap(d => fs.readdirSync(d));
    expect(written.length).toBeGreaterThan(0);
  }, 180_000);
});
