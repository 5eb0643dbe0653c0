/** A service writes its own log file; starting waits for its ready line there, and fails with its output when it exits first. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startService } from './service.ts';

const dir = mkdtempSync(join(tmpdir(), 'lb-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startService', () => {
  it('waits for the ready line, which the child writes to its log file itself', async () => {
    const logFile = join(dir, 'talker.log');
    const script = "console.log('warming'); setTimeout(() => console.log('ready now'), 200); setInterval(() => console.log('tick'), 20)";
    const service = await startService({ name: 'talker', command: process.execPath, args: ['-e', script], logFile, ready: /ready now/ });
    try {
      expect(readFileSync(logFile, 'utf8')).toMatch(/warming\n(tick\n)*ready now\n/);
      // Lines written after the start still reach the file.
      const before = readFileSync(logFile, 'utf8').length;
      await new Promise((r) => setTimeout(r, 200));
      expect(readFileSync(logFile, 'utf8').length).toBeGreaterThan(before);
    } finally {
      await service.stop();
    }
  });

  it('fails with what the child wrote when it exits before its ready line', async () => {
    const start = startService({ name: 'quitter', command: process.execPath, args: ['-e', "console.error('no config'); process.exit(3)"], logFile: join(dir, 'quitter.log'), ready: /ready/ });
    await expect(start).rejects.toThrow(/quitter exited with code 3 while starting[\s\S]*no config/);
  });
});
