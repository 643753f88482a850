/** Sealed text: opens under its own key and purpose only, and any change to it is seen. */
import { describe, expect, it } from 'vitest';
import { createSealer } from '../../services/sealed-text';

describe('sealed text', () => {
  const sealer = createSealer('a-client-secret-0123456789', 'web-session-tokens');
  it('opens what it sealed, and seals the same text differently each time', () => {
    const a = sealer.seal('{"refresh":"r"}');
    expect(sealer.open(a)).toBe('{"refresh":"r"}');
    expect(sealer.seal('{"refresh":"r"}')).not.toBe(a);
    expect(a).not.toContain('refresh');
  });
  it('does not open under another secret or purpose, nor once altered', () => {
    const sealed = sealer.seal('secret text');
    expect(createSealer('another-secret-0123456789', 'web-session-tokens').open(sealed)).toBeNull();
    expect(createSealer('a-client-secret-0123456789', 'another purpose').open(sealed)).toBeNull();
    const raw = Buffer.from(sealed, 'base64url');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    expect(sealer.open(raw.toString('base64url'))).toBeNull();
    expect(sealer.open('short')).toBeNull();
  });
});
