/**
 * The API with the identity provider's access tokens, against a real Keycloak (dev/keycloak/*.json): a person made
 * from their token's claims and scoped by their groups, dondoc's own tokens still working beside them, and every
 * bad token refused with its reason and audited: wrong audience, wrong issuer, expired, `alg: none`, tampered, a key
 * the provider does not publish, and groups that place nobody.
 */
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personIdOf } from '../../services/oidc-people';
import { eventually } from '../support/eventually';
import { oidcSettingsFor, startTestKeycloak, type TestKeycloak } from '../support/keycloak';
import { startTestSystem, type TestSystem } from '../support/system';

let keycloak: TestKeycloak;
let system: TestSystem;

const tokenOf = async (username: string, clientId = 'dondoc-cli', realm = 'dondoc') =>
  (await keycloak.passwordGrant(realm, clientId, username, `${username}-pass`)).access_token;
const withToken = (token: string, path = '/v1/me', init: { body?: unknown } = {}) => system.api(path, { token, ...init });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  keycloak = await startTestKeycloak();
  system = await startTestSystem({ oidc: oidcSettingsFor(keycloak) });
  const directive = await system.api('/v1/directives', {
    body: { id: 'sso-api', number: '12/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: '2026-11-20', title: 'SSO API test notice' },
  });
  expect(directive.status).toBe(201);
  const task = await system.api('/v1/directives/sso-api/tasks', {
    body: { id: 'sso-api-report', title: 'Báo cáo', dueOn: '2099-05-31', assignees: { units: ['an-giang', 'bo-ca'] } },
  });
  expect(task.status).toBe(202);
});

afterAll(async () => {
  await system?.shutdown();
  await keycloak?.stop();
});

describe("the provider's access tokens", () => {
  it('make the person from their claims, scoped by their groups', async () => {
    const token = await tokenOf('an-giang');
    const me = await withToken(token);
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    const sub = decodeJwt(token).sub!;
    expect(me.body).toMatchObject({
      id: personIdOf(keycloak.issuer(), sub),
      name: 'Trần Thị An Giang',
      role: 'unit',
      unitCode: 'an-giang',
      email: expect.stringContaining('@'),
    });
    const listed = await eventually(async () => {
      const r = await withToken(token, '/v1/assignments?directive=sso-api');
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeGreaterThan(0);
      return r.body.items as { unitCode: string }[];
    });
    expect(new Set(listed.map((a) => a.unitCode))).toEqual(new Set(['an-giang']));
    // Again with the same token: the same person, not a second one.
    expect((await withToken(token)).body.id).toBe(me.body.id);
  });

  it("let a coordinator write, as themselves in the audit log, beside dondoc's own tokens", async () => {
    const token = await tokenOf('dieu-phoi');
    const made = await withToken(token, '/v1/directives', {
      body: { id: 'sso-coord', number: '13/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: '2026-11-21', title: 'By a coordinator' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const who = personIdOf(keycloak.issuer(), decodeJwt(token).sub!);
    const audit = await system.api(`/v1/audit?principal=${who}&limit=5`);
    expect(audit.body.items[0]).toMatchObject({
      principalId: who,
      role: 'coordinator',
      tokenId: 'oidc',
      path: '/v1/directives',
      status: 201,
    });
    // The bootstrap admin's token (dondoc's own) still answers.
    expect((await system.api('/v1/me')).body.role).toBe('admin');
  });

  it('scope a leader to the units their groups name', async () => {
    const before = await withToken(await tokenOf('lanh-dao'));
    expect(before.body).toMatchObject({ role: 'leader', scope: ['an-giang', 'can-tho'] });
  });
});

describe('a bad token', () => {
  const refused = async (token: string, status: number, detail: RegExp) => {
    const r = await withToken(token);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.detail).toMatch(detail);
    if (status === 401) expect(r.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    return r;
  };

  it('for another audience, from another issuer, or unsigned, is 401 with its reason', async () => {
    await refused(await tokenOf('an-giang', 'other-app'), 401, /not meant for dondoc/);
    await refused(await tokenOf('an-giang', 'dondoc-cli', 'other'), 401, /not issued by the configured provider/);
    const real = await tokenOf('an-giang');
    const [, payload] = real.split('.');
    await refused(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, 401, /not accepted|not a well-formed/);
    await refused(`${b64({ alg: 'HS256', typ: 'JWT' })}.${payload}.c2lnbmF0dXJl`, 401, /not accepted|not a well-formed/);
  });

  it('tampered with, or signed by a key the provider does not publish, is 401', async () => {
    const real = await tokenOf('an-giang');
    const [header, , signature] = real.split('.');
    const claims = decodeJwt(real);
    // The same signature over claims that would make the person an admin.
    await refused(`${header}.${b64({ ...claims, groups: ['/dondoc/admin'] })}.${signature}`, 401, /signature does not verify/);
    const { privateKey } = await generateKeyPair('RS256');
    const forged = async (kid: string) =>
      new SignJWT({ ...claims, groups: ['/dondoc/admin'] }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(privateKey);
    await refused(await forged('not-the-providers-key'), 401, /key the provider does not publish/);
    // With the provider's own key id, the signature gives it away.
    await refused(await forged(decodeProtectedHeader(real).kid!), 401, /signature does not verify/);
  });

  it('once expired is 401, though it worked until then', async () => {
    const short = await tokenOf('an-giang', 'dondoc-short');
    expect((await withToken(short)).status).toBe(200);
    await eventually(() => refused(short, 401, /has expired/), 30_000, 500);
  });

  it('whose groups place nobody is 403, saying why', async () => {
    const ghost = await tokenOf('ma');
    await refused(ghost, 403, /khong-ton-tai/);
    await refused(await tokenOf('nguoi-la'), 403, /no group under \/dondoc\//);
    await refused(await tokenOf('hai-don-vi'), 403, /one unit.*an-giang, bo-ca/);
    // Nobody was made for them.
    const people = await system.api('/v1/admin/people');
    expect(people.body.items.map((p: { id: string }) => p.id)).not.toContain(personIdOf(keycloak.issuer(), decodeJwt(ghost).sub!));
  });

  it('is audited with its reason', async () => {
    const audit = await system.api('/v1/audit?limit=100');
    const reasons = (audit.body.items as { tokenId: string; status: number; body: { refused?: string } }[])
      .filter((e) => e.tokenId === 'oidc' && e.status >= 400)
      .map((e) => e.body.refused);
    for (const reason of [
      'wrong-audience',
      'wrong-issuer',
      'bad-signature',
      'unknown-key',
      'expired',
      'unknown-unit',
      'no-group',
      'several-units',
    ]) {
      expect(reasons, reason).toContain(reason);
    }
  });
});
