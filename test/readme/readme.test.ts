// Every ```ts block of README.md runs as written: saved as main.ts, beside the README's tsconfig.json, in a new
// project holding exactly what the README's `npm install` lines name (the packed package, its peers, TypeScript, ts-node, @types/node: linked
// from this repository's node_modules, offline), then `npx ts-node main.ts`, which type-checks it too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Installed, installPackage, REPO, run } from '../package/install';

const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const blocks = (lang: string) => [...README.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))].map(m => m[1]);

/** Package names (versions dropped) on the README's `npm install` lines, dev dependencies included. */
function installLines(): { names: string[]; typescriptRange?: string } {
  const words = blocks('sh').flatMap(b => b.split('\n')).filter(l => /^npm install /.test(l))
    .flatMap(l => l.replace(/^npm install /, '').split(/\s+/)).filter(w => w && !w.startsWith('-'));
  const names = words.map(w => w.replace(/(.)@.*$/, '$1'));
  return { names, typescriptRange: words.find(w => w.startsWith('typescript@'))?.split('@')[1] };
}

// Where each package the README installs comes from offline: TypeScript 5 is only nested in this repository.
const LINK_SOURCES: Record<string, string> = { typescript: 'cdk8s-cli/node_modules/typescript' };

describe('README.md', () => {
  const { names, typescriptRange } = installLines();
  let installed: Installed;
  beforeAll(() => {
    const extra = names.filter(n => n !== 'cdk-certkit');
    installed = installPackage(extra, LINK_SOURCES);
    const [tsconfig] = blocks('json');
    fs.writeFileSync(path.join(installed.dir, 'tsconfig.json'), tsconfig);
  }, 180_000);
  afterAll(() => installed?.dispose());

  test('the install lines name the package, its peers and what `npx ts-node main.ts` needs', () => {
    const peers = Object.keys(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).peerDependencies);
    expect(names).toEqual(expect.arrayContaining(['cdk-certkit', ...peers, 'typescript', 'ts-node', '@types/node']));
    // TypeScript 7 crashes ts-node; the range the README pins is the major the test runs with.
    const linked = JSON.parse(fs.readFileSync(path.join(installed.dir, 'node_modules', 'typescript', 'package.json'), 'utf8')).version;
    expect(typescriptRange).toMatch(/^~5\./);
    expect(linked.split('.')[0]).toBe('5');
  });

  const tsBlocks = blocks('ts');
  test('has ts blocks to run', () => expect(tsBlocks.length).toBeGreaterThanOrEqual(3));

  // The heading above each block names it in the test title.
  const titleOf = (code: string) => {
    const before = README.slice(0, README.indexOf(code));
    return [...before.matchAll(/^#+ (.*)$/gm)].pop()?.[1] ?? 'top';
  };
  test.each(tsBlocks.map((code, i) => [i + 1, titleOf(code), code]))('block %i (%s) runs with npx ts-node main.ts', (i, _, code) => {
    fs.rmSync(path.join(installed.dir, 'dist'), { recursive: true, force: true });
    fs.writeFileSync(path.join(installed.dir, 'main.ts'), code as string);
    run('npx', ['--offline', 'ts-node', 'main.ts'], { cwd: installed.dir, env: installed.env(), timeout: 150_000 });
    if (i === 1) {
      // The quick start writes dist/certs.k8s.yaml with the issuers and the certificate.
      const yaml = fs.readFileSync(path.join(installed.dir, 'dist', 'certs.k8s.yaml'), 'utf8');
      expect(yaml).toMatch(/^kind: ClusterIssuer$/m);
      expect(yaml).toMatch(/^kind: Certificate$/m);
    }
  }, 180_000);
});
