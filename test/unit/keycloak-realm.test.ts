/** What the sign-in tests rely on in dev/keycloak/*.json, checked without a Keycloak so a bad edit fails fast. */
import { describe, expect, it } from 'vitest';
import { readRealm, type RealmRepresentation } from '../../dev/keycloak';

interface Mapper {
  protocolMapper: string;
  config: Record<string, string>;
}
interface Client {
  clientId: string;
  publicClient: boolean;
  secret?: string;
  standardFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  redirectUris?: string[];
  attributes?: Record<string, string>;
  protocolMappers?: Mapper[];
}
interface Group {
  name: string;
  subGroups?: Group[];
}
interface User {
  username: string;
  enabled: boolean;
  emailVerified: boolean;
  email?: string;
  firstName?: string;
  lastName?: string;
  requiredActions: string[];
  credentials: { type: string; value: string; temporary: boolean }[];
  groups: string[];
}

const [dondoc, other] = await Promise.all([readRealm('dondoc'), readRealm('other')]);

const clientOf = (realm: RealmRepresentation, clientId: string): Client => {
  const client = (realm.clients as Client[]).find((c) => c.clientId === clientId);
  if (!client) throw new Error(`no client ${clientId} in realm ${String(realm.realm)}`);
  return client;
};
const mappers = (client: Client, type: string) => (client.protocolMappers ?? []).filter((m) => m.protocolMapper === type);
const groupPaths = (groups: Group[], parent = ''): string[] =>
  groups.flatMap((g) => [`${parent}/${g.name}`, ...groupPaths(g.subGroups ?? [], `${parent}/${g.name}`)]);
const usersOf = (realm: RealmRepresentation) => new Map((realm.users as User[]).map((u) => [u.username, u]));

/** The groups claim: full paths, in every token dondoc reads. */
function expectGroupsMapper(client: Client) {
  const [mapper, ...more] = mappers(client, 'oidc-group-membership-mapper');
  expect(more).toEqual([]);
  expect(mapper?.config).toMatchObject({
    'claim.name': 'groups',
    'full.path': 'true',
    'id.token.claim': 'true',
    'access.token.claim': 'true',
    'userinfo.token.claim': 'true',
  });
}
function expectAudienceDondoc(client: Client) {
  const [mapper, ...more] = mappers(client, 'oidc-audience-mapper');
  expect(more).toEqual([]);
  expect(mapper?.config).toMatchObject({ 'included.client.audience': 'dondoc', 'access.token.claim': 'true' });
}

describe('the dondoc realm', () => {
  it('is served over plain HTTP on loopback with 30-second access tokens', () => {
    expect(dondoc).toMatchObject({ realm: 'dondoc', enabled: true, sslRequired: 'none', accessTokenLifespan: 30 });
  });

  it('has the confidential client dondoc: code flow with PKCE, loopback callbacks, back-channel logout', () => {
    const client = clientOf(dondoc, 'dondoc');
    expect(client).toMatchObject({ publicClient: false, standardFlowEnabled: true, directAccessGrantsEnabled: false });
    expect(client.secret).toBe('dondoc-dev-client-secret-0123456789');
    expect(client.redirectUris).toEqual(['http://127.0.0.1:3000/web/oidc/callback', 'http://localhost:3000/web/oidc/callback']);
    expect(client.attributes).toMatchObject({
      'pkce.code.challenge.method': 'S256',
      'post.logout.redirect.uris': 'http://127.0.0.1:3000/web/signin##http://localhost:3000/web/signin',
      'backchannel.logout.url': 'http://127.0.0.1:3000/oidc/backchannel-logout',
      'backchannel.logout.session.required': 'true',
    });
    expectGroupsMapper(client);
    expectAudienceDondoc(client);
  });

  it('has public password-grant clients: dondoc-cli and dondoc-short (5-second tokens) for dondoc, other-app not', () => {
    for (const id of ['dondoc-cli', 'dondoc-short', 'other-app']) {
      expect(clientOf(dondoc, id)).toMatchObject({ publicClient: true, directAccessGrantsEnabled: true });
      expectGroupsMapper(clientOf(dondoc, id));
    }
    expectAudienceDondoc(clientOf(dondoc, 'dondoc-cli'));
    expectAudienceDondoc(clientOf(dondoc, 'dondoc-short'));
    expect(clientOf(dondoc, 'dondoc-short').attributes?.['access.token.lifespan']).toBe('5');
    expect(mappers(clientOf(dondoc, 'other-app'), 'oidc-audience-mapper')).toEqual([]);
  });

  it('has the dondoc groups, including a unit dondoc does not know', () => {
    expect(groupPaths(dondoc.groups as Group[]).sort()).toEqual(
      [
        '/dondoc',
        '/dondoc/admin',
        '/dondoc/coordinator',
        '/dondoc/leader',
        '/dondoc/leader/an-giang',
        '/dondoc/leader/can-tho',
        '/dondoc/unit',
        '/dondoc/unit/an-giang',
        '/dondoc/unit/bo-ca',
        '/dondoc/unit/can-tho',
        '/dondoc/unit/khong-ton-tai',
      ].sort(),
    );
  });

  it('has its people in their groups, each signing in with <username>-pass and nothing asked at first login', () => {
    const users = usersOf(dondoc);
    const groupsByUser = Object.fromEntries([...users].map(([name, u]) => [name, [...u.groups].sort()]));
    expect(groupsByUser).toEqual({
      'dieu-phoi': ['/dondoc/coordinator'],
      'an-giang': ['/dondoc/unit/an-giang'],
      'lanh-dao': ['/dondoc/leader/an-giang', '/dondoc/leader/can-tho'],
      'quan-tri': ['/dondoc/admin'],
      'nguoi-la': [],
      ma: ['/dondoc/unit/khong-ton-tai'],
      'hai-don-vi': ['/dondoc/unit/an-giang', '/dondoc/unit/bo-ca'],
    });
    expect(`${users.get('dieu-phoi')?.firstName} ${users.get('dieu-phoi')?.lastName}`).toBe('Nguyễn Văn Điều Phối');
    expect(`${users.get('an-giang')?.firstName} ${users.get('an-giang')?.lastName}`).toBe('Trần Thị An Giang');
    const known = new Set(groupPaths(dondoc.groups as Group[]));
    for (const user of users.values()) {
      expect(user).toMatchObject({ enabled: true, emailVerified: true, requiredActions: [] });
      expect(user.email && user.firstName && user.lastName, user.username).toBeTruthy();
      expect(user.credentials).toEqual([{ type: 'password', value: `${user.username}-pass`, temporary: false }]);
      for (const group of user.groups) expect(known, `${user.username}: ${group}`).toContain(group);
    }
  });
});

describe('the other realm: the same group paths at another issuer', () => {
  it('has dondoc-cli with the same mappers and an-giang in /dondoc/unit/an-giang', () => {
    expect(other).toMatchObject({ realm: 'other', enabled: true, sslRequired: 'none' });
    const client = clientOf(other, 'dondoc-cli');
    expect(client).toMatchObject({ publicClient: true, directAccessGrantsEnabled: true });
    expectGroupsMapper(client);
    expectAudienceDondoc(client);
    expect(groupPaths(other.groups as Group[])).toContain('/dondoc/unit/an-giang');
    expect(usersOf(other).get('an-giang')).toMatchObject({
      groups: ['/dondoc/unit/an-giang'],
      credentials: [{ type: 'password', value: 'an-giang-pass', temporary: false }],
    });
  });
});
