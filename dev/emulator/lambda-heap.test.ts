import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaHeapFlags, templateMemorySize } from './lambda-heap.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('Lambda heap limits', () => {
  it('computes the flags as the runtime bootstrap does', () => {
    expect(lambdaHeapFlags(256)).toEqual(['--max-semi-space-size=12', '--max-old-space-size=231']);
    expect(lambdaHeapFlags(1024)).toEqual(['--max-semi-space-size=51', '--max-old-space-size=922']);
  });

  it("reads the functions' MemorySize from template.yaml", () => {
    expect(templateMemorySize(ROOT)).toBe(256);
  });

  it('limits a Node process started with them', () => {
    const limitMb = Number(execFileSync(process.execPath, [...lambdaHeapFlags(256), '-p', 'require("v8").getHeapStatistics().heap_size_limit / 1048576'], { encoding: 'utf8' }));
    // The old space's 231 MB plus the young generation's share; Node's own default here is over 2 GB.
    expect(limitMb).toBeGreaterThan(231);
    expect(limitMb).toBeLessThan(300);
  });
});
