/**
 * What the dashboard's frame and sign-in page say: people's roles and units by name, never codes; the development
 * token mentioned only on `npm start`'s stack.
 */
import { describe, expect, it } from 'vitest';
import { Layout } from '../../web/components/layout';
import { SignIn } from '../../web/pages/sign-in';

const html = async (node: unknown) => String(await (node as { toString(): string | Promise<string> }).toString());

describe('the header', () => {
  it("names the unit officer's role and unit in the reader's language", async () => {
    const principal = { id: 'tn-officer', tokenId: null, role: 'unit' as const, unitCode: 'tay-ninh', scope: [] };
    const vi = await html(Layout({ lang: 'vi', title: 'x', principal, unitName: 'Tỉnh Tây Ninh', path: '/web/inbox', children: 'body' }));
    expect(vi).toContain('(cán bộ đơn vị · Tỉnh Tây Ninh)');
    expect(vi).not.toContain('unit · tay-ninh');
    const en = await html(
      Layout({ lang: 'en', title: 'x', principal, unitName: 'Tay Ninh Province', path: '/web/inbox', children: 'body' }),
    );
    expect(en).toContain('(unit officer · Tay Ninh Province)');
  });
});

describe('the sign-in page', () => {
  const props = { lang: 'vi' as const, pre: 'p', next: '/web/', provider: null, local: true };
  it('tells of the development token only on the development stack', async () => {
    expect(await html(SignIn({ ...props, development: false }))).not.toMatch(/npm start|phát triển/);
    expect(await html(SignIn({ ...props, development: true }))).toContain('npm start');
  });
  it("puts the provider's button first, and leaves out the token and link forms when local sign-in is off", async () => {
    const both = await html(SignIn({ ...props, development: false, provider: 'Keycloak' }));
    expect(both.indexOf('/web/oidc/login?next=%2Fweb%2F')).toBeGreaterThan(-1);
    expect(both.indexOf('/web/oidc/login')).toBeLessThan(both.indexOf('action="/web/signin"'));
    expect(both).toContain('Đăng nhập bằng Keycloak');
    const providerOnly = await html(SignIn({ ...props, development: false, provider: 'Keycloak', local: false }));
    expect(providerOnly).toContain('/web/oidc/login');
    expect(providerOnly).not.toContain('action="/web/signin"');
    expect(providerOnly).not.toContain('/web/signin/link');
  });
});
