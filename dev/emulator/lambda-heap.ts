/**
 * The V8 heap limits Lambda's Node.js runtime gives the function's process for its memory size.
 *
 * The runtime's bootstrap (`/var/runtime/bootstrap` in Lambda's Node.js base images) starts Node
 * with `--max-semi-space-size` and `--max-old-space-size` from `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`:
 * a tenth of the memory for the new space, half of that per semi-space, the rest for the old
 * space. The emulator runs the function in its own process, so the local stack starts it with the
 * same limits for the template's `MemorySize`: under load its heap then grows and is collected as
 * the function's is in Lambda, instead of as a Node process on a 24 GiB machine (docs/architecture.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTemplate } from '../../build/cloudformation.ts';

/** The Node flags for a function of `memoryMb` MB, as the runtime's bootstrap computes them. */
export function lambdaHeapFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}

/** The functions' `MemorySize` in the repository's template.yaml (`Globals.Function`). */
export function templateMemorySize(root: string): number {
  const t = parseTemplate(readFileSync(join(root, 'template.yaml'), 'utf8')) as { Globals?: { Function?: { MemorySize?: unknown } } };
  const size = t.Globals?.Function?.MemorySize;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 128) throw new Error(`template.yaml: Globals.Function.MemorySize is not a memory size: ${String(size)}`);
  return size;
}
