import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const base = { SUPABASE_URL: 'http://127.0.0.1:1', SUPABASE_SERVICE_ROLE_KEY: 'k', VALKEY_ENDPOINT: '127.0.0.1:6379' };

describe('Cloudflare purge settings', () => {
  it('are off when neither is set, and must otherwise come as a pair', () => {
    expect(loadConfig(base).cloudflare).toBeNull();
    expect(loadConfig({ ...base, CLOUDFLARE_ZONE_ID: 'z1', CLOUDFLARE_API_TOKEN: 't' }).cloudflare).toEqual({ apiBase: 'https://api.cloudflare.com/client/v4', zoneId: 'z1', apiToken: 't', timeoutMs: 3000 });
    expect(() => loadConfig({ ...base, CLOUDFLARE_ZONE_ID: 'z1' })).toThrow(/together/);
    expect(() => loadConfig({ ...base, CLOUDFLARE_API_TOKEN: 't' })).toThrow(/together/);
    expect(() => loadConfig({ ...base, CLOUDFLARE_ZONE_ID: 'z/../x', CLOUDFLARE_API_TOKEN: 't' })).toThrow(/CLOUDFLARE_ZONE_ID/);
  });
});
