/** Webhook targets are classified by ipaddr.js's range tables, embedded IPv4 addresses by the address they carry. */
import { describe, expect, it } from 'vitest';
import { checkWebhookTarget, isPublicAddress } from '../../activities/webhook-target';

const noDns = async () => {
  throw new Error('an IP literal is never resolved');
};

describe('webhook target addresses', () => {
  it('refuses loopback spelled as IPv4-compatible, SIIT-translated, mapped or NAT64 IPv6', async () => {
    for (const url of [
      'http://[::127.0.0.1]/',
      'http://[0::127.0.0.1]/',
      'http://[::ffff:0:127.0.0.1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[64:ff9b::127.0.0.1]/',
      'http://[::7f00:1]/',
      'http://[0:0:0:0:0:ffff:7f00:1]/',
    ]) {
      const target = await checkWebhookTarget(null, url, noDns);
      expect(target.ok, url).toBe(false);
    }
  });

  it('refuses private, link-local, unique-local, loopback and unspecified addresses', async () => {
    for (const url of [
      'http://10.0.0.5/',
      'http://10.255.1.1:8080/',
      'http://169.254.169.254/latest/meta-data/',
      'http://169.254.1.1/',
      'http://[fc00::1]/',
      'http://[fd12:3456::1]/',
      'http://[fe80::1]/',
      'http://[::1]/',
      'http://[::]/',
      'http://0.0.0.0/',
      'http://127.0.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://[ff02::1]/',
      'http://[2002:7f00:1::]/',
    ]) {
      expect((await checkWebhookTarget(null, url, noDns)).ok, url).toBe(false);
    }
  });

  it('allows public unicast addresses, also when carried inside NAT64 IPv6', async () => {
    expect(await checkWebhookTarget(null, 'https://93.184.216.34/hook', noDns)).toEqual({
      ok: true,
      hostname: '93.184.216.34',
      address: '93.184.216.34',
      family: 4,
    });
    expect((await checkWebhookTarget(null, 'https://[2606:4700::1111]/hook', noDns)).ok).toBe(true);
    expect(isPublicAddress('64:ff9b::93.184.216.34')).toBe(true);
  });

  it('checks resolved addresses with the same rule (delivery time)', async () => {
    const resolvesTo = (address: string, family: number) => async () => [{ address, family }];
    expect((await checkWebhookTarget(null, 'https://hooks.example/', resolvesTo('::ffff:0:7f00:1', 6))).ok).toBe(false);
    expect((await checkWebhookTarget(null, 'https://hooks.example/', resolvesTo('::7f00:1', 6))).ok).toBe(false);
    expect((await checkWebhookTarget(null, 'https://hooks.example/', resolvesTo('10.1.2.3', 4))).ok).toBe(false);
    expect((await checkWebhookTarget(null, 'https://hooks.example/', resolvesTo('93.184.216.34', 4))).ok).toBe(true);
  });

  it('is not fooled by what is not an address', () => {
    expect(isPublicAddress('hooks.example')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });
});
