/** The edge's pure checks: webhook targets, text Postgres cannot store, URL secrets in logs. */
import { describe, expect, it } from 'vitest';
import { redactUrlSecrets } from '../../api/middleware/log-redaction';
import { MAX_REPORTED_FIELDS, findBadText, findBadTextInUrl, findBadTexts } from '../../api/middleware/reject-nul';
import { checkWebhookTarget, isPublicAddress } from '../../activities/webhook-target';

describe('webhook targets', () => {
  it('refuses private, loopback, link-local and metadata addresses by default', async () => {
    for (const url of [
      'http://169.254.169.254/',
      'http://10.1.2.3/',
      'http://127.0.0.1:5432/',
      'http://[::1]/',
      'http://[fe80::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://metadata.google.internal/',
    ]) {
      expect((await checkWebhookTarget(null, url)).ok, url).toBe(false);
    }
    expect(isPublicAddress('93.184.216.34')).toBe(true);
    expect(isPublicAddress('2606:4700::1111')).toBe(true);
  });
  it('checks every address a name resolves to, and answers the one checked', async () => {
    const mixed = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    expect((await checkWebhookTarget(null, 'https://hooks.example/', mixed)).ok).toBe(false);
    const target = await checkWebhookTarget(null, 'https://hooks.example/', async () => [{ address: '93.184.216.34', family: 4 }]);
    expect(target).toEqual({ ok: true, hostname: 'hooks.example', address: '93.184.216.34', family: 4 });
  });
  it('allows intranet receivers named in the allow-list, and only them when it is set', async () => {
    expect((await checkWebhookTarget(['127.0.0.1'], 'http://127.0.0.1:9/hook')).ok).toBe(true);
    expect((await checkWebhookTarget(['127.0.0.1'], 'http://93.184.216.34/hook')).ok).toBe(false);
  });
});

describe('text Postgres cannot store', () => {
  it('finds NUL and lone surrogates by field, in keys too', () => {
    expect(findBadText({ a: [{ note: 'x\u0000' }] })).toEqual({ field: 'a.0.note', reason: 'must not contain NUL characters' });
    expect(findBadText({ note: 'a\ud800b' })?.field).toBe('note');
    expect(findBadText({ ['k\udc00']: 1 })?.field).toBe('k\udc00');
    expect(findBadText({ ok: '😀 tiếng Việt' })).toBeNull();
  });
  it('names every bad field in document order, keys included, up to a bound', () => {
    const body = { title: 'a\ud800', ok: 'fine', notes: ['x', 'y\u0000'], ['k\udc00']: 1, last: '\udfff' };
    expect(findBadTexts(body).map((p) => p.field)).toEqual(['title', 'notes.1', 'k\udc00', 'last']);
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, '\u0000']));
    expect(findBadTexts(many)).toHaveLength(MAX_REPORTED_FIELDS);
  });
  it('refuses deep nesting without recursion', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(findBadText(deep)?.reason).toMatch(/nest/);
  });
  it('checks raw paths and queries strictly', () => {
    expect(findBadTextInUrl('http://x/v1/directives/%00')?.reason).toMatch(/NUL/);
    expect(findBadTextInUrl('http://x/v1/directives/%ED%A0%80')?.reason).toMatch(/UTF-8/);
    expect(findBadTextInUrl('http://x/v1/assignments?unit=%C0')?.field).toBe('unit');
    expect(findBadTextInUrl('http://x/v1/directives/ch%E1%BB%89-th%E1%BB%8B?q=a+b')).toBeNull();
  });
});

describe('request log', () => {
  it('redacts feed tokens and magic-link tokens', () => {
    expect(redactUrlSecrets('/v1/calendar-feeds/ddf_abc/calendar.ics')).toBe('/v1/calendar-feeds/[redacted]/calendar.ics');
    expect(redactUrlSecrets('/v1/units/an-giang/calendar.ics?token=ddf_abc')).toBe('/v1/units/an-giang/calendar.ics?token=[redacted]');
    expect(redactUrlSecrets('/web/magic/secret')).toBe('/web/magic/[redacted]');
  });
});
