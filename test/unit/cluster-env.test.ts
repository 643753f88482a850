import { describe, expect, it } from 'vitest';
import { readEnv } from '../../config/env';
import { missingSettings } from '../../config/required';
import { apiEnv, workerEnv, type ClusterSettings } from '../../dev/cluster-env';
import { workerProcessEnv } from '../../config/worker-defaults';

const settings: ClusterSettings = {
  databaseUrl: 'postgres://dondoc@127.0.0.1:5434/dondoc',
  temporalAddress: '127.0.0.1:7233',
  namespace: 'default',
  smtpUrl: 'smtp://127.0.0.1:1025',
  publicUrl: 'http://127.0.0.1:3000',
  adminToken: 'dev-admin-token-change-me',
  port: 3000,
  workerMetricsBasePort: 9464,
};

describe('npm run cluster gives its processes what they require', () => {
  it('every worker and the API start with no required setting missing (a missing one exits with code 2)', () => {
    // Only the cluster's own settings: nothing inherited from the shell running the test.
    expect(missingSettings(readEnv(workerEnv(settings, 0)), 'worker')).toEqual([]);
    expect(missingSettings(readEnv(apiEnv(settings)), 'api')).toEqual([]);
  });

  it('gives each worker its own metrics port', () => {
    expect([0, 1].map((i) => workerEnv(settings, i).WORKER_METRICS_PORT)).toEqual(['9464', '9465']);
  });

  it('starts the workers with two malloc arenas unless the operator chose a number', () => {
    expect(workerProcessEnv({})).toEqual({ MALLOC_ARENA_MAX: '2' });
    expect(workerProcessEnv({ MALLOC_ARENA_MAX: '4' })).toEqual({ MALLOC_ARENA_MAX: '4' });
    expect(workerEnv(settings, 0).MALLOC_ARENA_MAX).toBe(process.env.MALLOC_ARENA_MAX ?? '2');
    expect(apiEnv(settings).MALLOC_ARENA_MAX).toBeUndefined();
  });
});
