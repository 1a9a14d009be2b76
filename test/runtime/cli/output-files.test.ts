import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeCertificateFiles } from '../../../src/runtime/cli/output-files';
import { IssuedCertificate } from '../../../src/runtime/types';

const issued: IssuedCertificate = {
  certificatePem: 'CERT\n',
  chainPem: 'CHAIN\n',
  fullchainPem: 'CERT\nCHAIN\n',
  privateKeyPem: 'KEY\n',
  notBefore: new Date(0),
  notAfter: new Date(0),
  names: ['example.com'],
  accountKeyPem: 'ACCOUNT\n',
};

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-out-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a file that cannot be put in place leaves no temporary copy behind', () => {
  // A directory where privkey.pem should go makes the final rename fail.
  fs.mkdirSync(path.join(dir, 'privkey.pem', 'occupied'), { recursive: true });
  expect(() => writeCertificateFiles(dir, issued)).toThrow();
  expect(fs.readdirSync(dir).filter(f => f.endsWith('.tmp'))).toEqual([]);
});
