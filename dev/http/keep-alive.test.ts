import { Agent, get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/emulator.ts';
import { handler } from '../emulator/fixture-handler.ts';

// The Function URL emulator is the server the edge's workerd calls with pooled connections.
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({
    port: 0,
    credentials: { accessKeyId: 'AKIALOCALEDGE0000000', secretAccessKey: 'local-edge-secret' },
    region: 'us-east-1',
    accountId: '000000000000',
    principalArn: 'arn:aws:iam::000000000000:user/leaderboard-edge',
    functionName: 'leaderboard-origin',
    loadHandler: async () => handler,
  });
});
afterAll(() => emu.stop());

/** GET on a kept-alive agent; says whether the request went out on a connection used before. */
const fetchStats = (agent: Agent) =>
  new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
    const req = get(`${emu.url}/__emulator/stats`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
  });

describe('keep-alive of the local servers', () => {
  it('keeps an idle connection open past the 5 s after which workerd drops it from its pool', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await fetchStats(agent)).toEqual({ status: 200, reused: false });
      // Node's default (5 s) closed it by now, so this request needed a new connection.
      await new Promise((r) => setTimeout(r, 6_500));
      expect(await fetchStats(agent)).toEqual({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  }, 60_000);
});
