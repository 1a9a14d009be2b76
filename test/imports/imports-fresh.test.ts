import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateImports, IMPORT_COMMAND, IMPORTED_GROUPS } from '../../build-tools/import-crds';

const committed = path.join(__dirname, '..', '..', 'src', 'imports');

function filesOf(dir: string): string[] {
  return fs.readdirSync(dir).filter(f => f.endsWith('.ts')).sort();
}

describe('src/imports', () => {
  let fresh: string;
  beforeAll(() => {
    fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-imports-fresh-'));
    generateImports(path.join(fresh, 'imports'));
  }, 180_000);
  afterAll(() => fs.rmSync(fresh, { recursive: true, force: true }));

  test('holds one file per imported API group, nothing else', () => {
    expect(filesOf(committed)).toEqual(IMPORTED_GROUPS.map(g => `${g.group}.ts`).sort());
  });

  test('is what cdk8s import generates from the pinned CRDs today (not stale)', () => {
    const regenerated = path.join(fresh, 'imports');
    const stale = [...new Set([...filesOf(committed), ...filesOf(regenerated)])].filter(file => {
      const a = path.join(committed, file);
      const b = path.join(regenerated, file);
      return !fs.existsSync(a) || !fs.existsSync(b) || fs.readFileSync(a, 'utf8') !== fs.readFileSync(b, 'utf8');
    });
    if (stale.length) {
      throw new Error(`src/imports is stale (${stale.join(', ')} differ from a fresh cdk8s import). ` +
        `Regenerate it with \`npx ${IMPORT_COMMAND}\` (the projen task \`import\`) and commit the result.`);
    }
  });
});
