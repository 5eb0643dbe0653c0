import { execFile } from 'node:child_process';
import { findValkeyCli } from './find-binary.ts';

/** Where and how valkey-cli connects. */
export interface CliTarget {
  host: string;
  port: number;
  /** CA file to trust; when set, valkey-cli uses TLS. */
  caFile?: string;
}

/** valkey-cli flags for TLS with the given CA (empty for plain TCP). */
export function cliTlsArgs(caFile?: string): string[] {
  return caFile ? ['--tls', '--cacert', caFile] : [];
}

/** Runs valkey-cli with raw args and resolves with stdout; rejects with stderr/stdout on failure or timeout. */
export function runValkeyCli(args: readonly string[], timeoutMs = 5000): Promise<string> {
  const cli = findValkeyCli();
  return new Promise((resolve, reject) => {
    execFile(cli, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const detail = `${stderr}${stdout}`.trim() || err.message;
        reject(new Error(`valkey-cli ${args.join(' ')} failed: ${detail}`));
        return;
      }
      resolve(stdout);
    });
  });
}

/** Runs one command against target and resolves with valkey-cli's raw output (error replies are text too). */
export function valkeyCommand(target: CliTarget, command: readonly string[], timeoutMs = 5000): Promise<string> {
  return runValkeyCli(['-h', target.host, '-p', String(target.port), ...cliTlsArgs(target.caFile), ...command], timeoutMs);
}

/** Parses `key:value` lines of INFO / CLUSTER INFO output. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    const idx = line.indexOf(':');
    if (idx > 0) fields.set(line.slice(0, idx), line.slice(idx + 1));
  }
  return fields;
}
