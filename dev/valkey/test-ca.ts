import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Files of a private test CA and one server certificate it signed. */
export interface TestCertificates {
  caFile: string;
  caPem: string;
  certFile: string;
  keyFile: string;
}

const SERVER_EXTENSIONS = [
  'basicConstraints = critical, CA:FALSE',
  'keyUsage = critical, digitalSignature',
  'extendedKeyUsage = serverAuth, clientAuth',
  'subjectAltName = IP:127.0.0.1, DNS:localhost',
  '',
].join('\n');

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd, timeout: 20_000 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    const why = e.code === 'ENOENT' ? 'the openssl CLI is not installed (run `npm run setup` or install openssl)' : (e.stderr ?? e.message);
    throw new Error(`openssl ${args[0] ?? ''} failed: ${why}`, { cause: err });
  }
}

/** Creates, with the openssl CLI, a CA "leaderboard-test-ca" and a server cert for 127.0.0.1/localhost in dir. */
export async function generateTestCertificates(dir: string): Promise<TestCertificates> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(
    [
      'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-sha256',
      '-subj', '/CN=leaderboard-test-ca',
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  await openssl(['req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  await writeFile(path.join(dir, 'server.ext'), SERVER_EXTENSIONS);
  await openssl(
    [
      'x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
      '-out', 'server.crt', '-days', '3650', '-sha256', '-extfile', 'server.ext',
    ],
    dir,
  );
  const caFile = path.join(dir, 'ca.crt');
  return {
    caFile,
    caPem: await readFile(caFile, 'utf8'),
    certFile: path.join(dir, 'server.crt'),
    keyFile: path.join(dir, 'server.key'),
  };
}
