// Files the CLI reads and writes: the account key (kept between runs) and the issued PEMs.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newAccountKeyPem } from '../acme/jws';
import { IssuedCertificate } from '../types';

const PRIVATE = 0o600;
const PUBLIC = 0o644;

/** The account key in `file`, created there (mode 0600) when missing so the next run reuses the account. */
export async function loadOrCreateAccountKey(file: string): Promise<string> {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  const pem = await newAccountKeyPem();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, pem, { mode: PRIVATE, flag: 'wx' });
  return pem;
}

/** Writes cert.pem, chain.pem, fullchain.pem and privkey.pem (0600); returns their paths. */
export function writeCertificateFiles(dir: string, issued: IssuedCertificate): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: Array<[string, string, number]> = [
    ['cert.pem', issued.certificatePem, PUBLIC],
    ['chain.pem', issued.chainPem, PUBLIC],
    ['fullchain.pem', issued.fullchainPem, PUBLIC],
    ['privkey.pem', issued.privateKeyPem, PRIVATE],
  ];
  return files.map(([name, content, mode]) => writeAtomically(path.join(dir, name), content, mode));
}

// A reader never sees half a file, and the key is never readable by others, not even briefly.
function writeAtomically(file: string, content: string, mode: number): string {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temp, content, { mode, flag: 'wx' });
    fs.chmodSync(temp, mode); // the umask may have narrowed it
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true }); // no stray copy of the key (or a half-written file) is left behind
    throw e;
  }
  return file;
}
