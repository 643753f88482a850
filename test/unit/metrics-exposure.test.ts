/** Where the API's /metrics is served and to whom: METRICS_PORT, METRICS_TOKEN, and production's default. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { metricsSettingsFromEnv, readEnv } from '../../config/env';
import { createServerApp } from '../../server/app';
import type { AppDeps, MetricsExposure } from '../../services/deps';
import { createUnitDirectory } from '../../services/unit-directory';

const TOKEN = 'scrape-token-0123456789';

/** The app over deps that are never reached by what these tests ask (no scrape is let through). */
const appWith = (metrics: MetricsExposure | undefined) =>
  createServerApp({ units: createUnitDirectory([]), logger: pino({ level: 'silent' }), metrics } as unknown as AppDeps);

describe('metrics exposure', () => {
  it('with neither setting: not served in production, served in development', () => {
    expect(metricsSettingsFromEnv(readEnv({ NODE_ENV: 'production' }))).toEqual({ onApiPort: false, port: null, token: null });
    expect(metricsSettingsFromEnv(readEnv({}))).toEqual({ onApiPort: true, port: null, token: null });
  });

  it('METRICS_PORT takes metrics off the API port; METRICS_TOKEN puts them behind a bearer token', () => {
    expect(metricsSettingsFromEnv(readEnv({ METRICS_PORT: '9470' }))).toEqual({ onApiPort: false, port: 9470, token: null });
    expect(metricsSettingsFromEnv(readEnv({ NODE_ENV: 'production', METRICS_TOKEN: TOKEN }))).toEqual({
      onApiPort: true,
      port: null,
      token: TOKEN,
    });
    expect(metricsSettingsFromEnv(readEnv({ METRICS_PORT: '', METRICS_TOKEN: '' }))).toEqual({ onApiPort: true, port: null, token: null });
    expect(() => readEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('off the API port, /metrics there is 404', async () => {
    const res = await appWith({ onApiPort: false, port: null, token: null }).request('/metrics');
    expect(res.status).toBe(404);
  });

  it('behind a token, a scrape without it or with another is 401', async () => {
    const app = appWith({ onApiPort: true, port: null, token: TOKEN });
    expect((await app.request('/metrics')).status).toBe(401);
    const wrong = await app.request('/metrics', { headers: { authorization: 'Bearer scrape-token-wrong-000000' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(wrong.headers.get('content-type')).toBe('application/problem+json');
  });
});
