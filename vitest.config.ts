import { defineConfig } from 'vitest/config';
import { ChaosSequencer } from './test/chaos/harness/sequencer.ts';

// Phases are run one after another by test/run.ts; each is a vitest project.
export default defineConfig({
  test: {
    sequence: { sequencer: ChaosSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['core/**/*.test.ts', 'origin/**/*.test.ts', 'build/**/*.test.ts', 'edge/**/*.test.ts', 'dev/**/*.test.ts', 'web/src/**/*.test.ts', 'bench/**/*.test.ts', 'test/runner/**/*.test.ts', 'test/chaos/harness/**/*.test.ts', 'admin/**/*.test.ts', 'client/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/global-stack.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // Chromium is checked first, so a missing browser fails before the stack starts.
          globalSetup: ['test/browser/require-chromium.ts', 'test/setup/global-stack.ts'],
          // Room for a navigation that waits on wrangler dev's proxy (test/browser/chromium.ts).
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        // The integration suite again, plus checks of the artifact, against the built origin bundle and layer.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/global-artifact-stack.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // Faults, load, bad input and signatures; the stack is started and controlled by the setup.
          name: 'chaos',
          include: ['test/chaos/*.test.ts'],
          globalSetup: ['test/chaos/harness/global.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
