import { describe, expect, it } from 'vitest';
import type { EdgeBindings } from '../env.ts';
import { boardWatched, publishWrite, QUIET_MS, WATCHERS_HEADER } from './publish.ts';

/** A BOARD_STREAM namespace whose object answers pokes with `watchers()` watchers, counting them. */
function namespace(watchers: () => number) {
  const pokes: string[] = [];
  const stub = {
    fetch: async (url: string) => {
      pokes.push(new URL(url).searchParams.get('board') ?? '');
      return new Response(null, { status: 204, headers: { [WATCHERS_HEADER]: String(watchers()) } });
    },
  };
  const env = { BOARD_STREAM: { idFromName: (name: string) => name, get: () => stub } } as unknown as EdgeBindings;
  return { env, pokes };
}

describe('publishWrite', () => {
  it('stops poking a board nobody watches for a while, and pokes again at once when a watcher connects here', async () => {
    let clock = 1_000_000;
    let watchers = 0;
    const { env, pokes } = namespace(() => watchers);
    const publish = () => publishWrite(env, 'quiet-board', 'r', null, () => clock);
    await publish();
    await publish();
    expect(pokes).toHaveLength(1);
    clock += QUIET_MS + 1;
    await publish();
    expect(pokes).toHaveLength(2);
    watchers = 1;
    boardWatched('quiet-board');
    await publish();
    await publish();
    expect(pokes).toHaveLength(4);
  });
});
