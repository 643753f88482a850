/** Whose address a request is counted against: the socket's peer, or past trusted proxies, the forwarded client. */
import { describe, expect, it } from 'vitest';
import { clientAddress, parseProxyEntry, parseTrustedProxies } from '../../api/middleware/rate-limit';

const proxies = parseTrustedProxies(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);

describe('client address', () => {
  it('is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1', proxies)).toBe('203.0.113.9');
    expect(clientAddress('203.0.113.9', undefined, [])).toBe('203.0.113.9');
    expect(clientAddress('::ffff:203.0.113.9', '198.51.100.1', proxies)).toBe('203.0.113.9');
  });

  it('behind trusted proxies is the right-most entry that is not one', () => {
    expect(clientAddress('10.1.2.3', '198.51.100.1', proxies)).toBe('198.51.100.1');
    // The client wrote the left-most entry itself: it proves nothing.
    expect(clientAddress('10.1.2.3', '1.2.3.4, 198.51.100.1, 10.9.9.9', proxies)).toBe('198.51.100.1');
    expect(clientAddress('192.168.1.7', '1.2.3.4,198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientAddress('::ffff:10.1.2.3', '2001:db8::5', proxies)).toBe('2001:db8::5');
    expect(clientAddress('fd00::1', '198.51.100.1', proxies)).toBe('198.51.100.1');
  });

  it('a single address is trusted alone, not its neighbours', () => {
    expect(clientAddress('192.168.1.8', '198.51.100.1', proxies)).toBe('192.168.1.8');
  });

  it('is the left-most entry when all are proxies, and stops at an entry that is not an address', () => {
    expect(clientAddress('10.1.2.3', '10.4.4.4, 10.5.5.5', proxies)).toBe('10.4.4.4');
    expect(clientAddress('10.1.2.3', '', proxies)).toBe('10.1.2.3');
    expect(clientAddress('10.1.2.3', '1.2.3.4, junk, 10.5.5.5', proxies)).toBe('10.5.5.5');
  });

  it('TRUSTED_PROXIES entries are addresses or CIDR ranges (IPv4-mapped ranges as IPv4)', () => {
    expect(parseProxyEntry('10.0.0.0/8')?.[1]).toBe(8);
    expect(parseProxyEntry('::ffff:10.0.0.0/104')?.map(String)).toEqual(['10.0.0.0', '8']);
    expect(parseProxyEntry('2001:db8::1')?.[1]).toBe(128);
    expect(parseProxyEntry('10.0.0.0/33')).toBeNull();
    expect(parseProxyEntry('proxy.internal')).toBeNull();
    expect(() => parseTrustedProxies(['10.0.0.0/8', 'nonsense'])).toThrow(/nonsense/);
  });
});
