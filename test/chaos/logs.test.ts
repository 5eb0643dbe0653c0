/**
 * Runs last: no secret of the stack (admin key, server keys, JWT secret, AWS secret, service
 * role key) appears in any log file that the stack wrote during the whole chaos run, although
 * the scenarios sent the keys in thousands of requests and provoked every kind of error.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { control, type StackInfo } from './harness/control.ts';
import { leaked, stackSecrets } from './harness/secrets.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('secrets in logs', () => {
  it('no log line of any component holds a secret', async () => {
    const info = await control<StackInfo>('GET', '/stack');
    const secrets = stackSecrets(info.devVars);
    expect(Object.keys(secrets)).toEqual(expect.arrayContaining(['ADMIN_API_KEY', 'SERVER_API_KEYS[0]', 'SUPABASE_JWT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'SUPABASE_SERVICE_ROLE_KEY']));
    const logs = info.logs.flatMap(files);
    let bytes = 0;
    const found: string[] = [];
    for (const file of logs) {
      const text = readFileSync(file, 'utf8');
      bytes += text.length;
      for (const name of leaked(secrets, text)) found.push(`${name} in ${file}`);
    }
    console.log(`[chaos] scanned ${logs.length} log files, ${(bytes / 1e6).toFixed(1)} MB, for ${Object.keys(secrets).length} secrets`);
    // The scan saw real traffic: edge and origin logs exist and are not empty.
    expect(logs.some((f) => f.endsWith('edge.log'))).toBe(true);
    expect(logs.some((f) => f.endsWith('origin.log'))).toBe(true);
    expect(bytes).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
  });
});
