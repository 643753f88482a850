/**
 * A real Keycloak for a test file, with the realms of dev/keycloak/: `dondoc` (the provider dondoc trusts) and
 * `other` (the same group paths at another issuer). Tests drive it as an operator would, through the admin REST API:
 * point the client's URLs at the dondoc under test, disable, sign out or delete a person.
 */
import { adminToken, readRealm, startKeycloak, type RunningKeycloak } from '../../dev/keycloak';

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  id_token?: string;
  expires_in: number;
}

export interface TestKeycloak {
  url: string;
  keycloak: RunningKeycloak;
  /** http://127.0.0.1:PORT/realms/<realm>: what dondoc is configured with, and the `iss` of its tokens. */
  issuer(realm?: string): string;
  /** The admin REST API under /admin (`adminApi('/realms/dondoc/users')`), signed in as the master realm's admin. */
  adminApi(path: string, init?: RequestInit): Promise<Response>;
  /** Tokens for a person by the resource owner password grant (a client with direct access grants). */
  passwordGrant(realm: string, clientId: string, username: string, password: string): Promise<TokenResponse>;
  /** Merges `patch` (its `attributes` key by key) into the client and saves it. */
  updateClient(realm: string, clientId: string, patch: Record<string, unknown>): Promise<void>;
  setUserEnabled(realm: string, username: string, enabled: boolean): Promise<void>;
  /** Ends the person's sessions; Keycloak then sends each client with a back-channel logout URL a logout token. */
  logoutUser(realm: string, username: string): Promise<void>;
  deleteUser(realm: string, username: string): Promise<void>;
  stop(): Promise<void>;
}

/** Refreshed this long before it would expire, so a request never leaves with a token about to lapse. */
const TOKEN_MARGIN_MS = 10_000;

async function expectStatus(response: Response, what: string, ...statuses: number[]): Promise<Response> {
  if (!statuses.includes(response.status)) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

export async function startTestKeycloak(): Promise<TestKeycloak> {
  const keycloak = await startKeycloak({ realms: [await readRealm('dondoc'), await readRealm('other')], quiet: true });
  const { url } = keycloak;
  let token: { accessToken: string; expiresAt: number } | null = null;

  const adminApi = async (path: string, init: RequestInit = {}): Promise<Response> => {
    if (!token || token.expiresAt - TOKEN_MARGIN_MS < Date.now()) token = await adminToken(url, keycloak.adminUser, keycloak.adminPassword);
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token.accessToken}`);
    if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${url}/admin${path}`, { ...init, headers });
  };
  const getJson = async <T>(path: string): Promise<T> =>
    (await expectStatus(await adminApi(path), `GET ${path}`, 200)).json() as Promise<T>;
  const realmPath = (realm: string) => `/realms/${encodeURIComponent(realm)}`;

  const userId = async (realm: string, username: string): Promise<string> => {
    const users = await getJson<{ id: string; username: string }[]>(
      `${realmPath(realm)}/users?exact=true&username=${encodeURIComponent(username)}`,
    );
    const user = users.find((u) => u.username === username);
    if (!user) throw new Error(`no user ${username} in realm ${realm}`);
    return user.id;
  };

  return {
    url,
    keycloak,
    issuer: (realm = 'dondoc') => `${url}/realms/${realm}`,
    adminApi,
    async passwordGrant(realm, clientId, username, password) {
      const response = await fetch(`${url}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password, scope: 'openid' }),
      });
      await expectStatus(response, `password grant for ${username} at ${realm}/${clientId}`, 200);
      return (await response.json()) as TokenResponse;
    },
    async updateClient(realm, clientId, patch) {
      const [client] = await getJson<Record<string, unknown>[]>(`${realmPath(realm)}/clients?clientId=${encodeURIComponent(clientId)}`);
      if (!client) throw new Error(`no client ${clientId} in realm ${realm}`);
      const attributes = { ...(client.attributes as object | undefined), ...(patch.attributes as object | undefined) };
      const path = `${realmPath(realm)}/clients/${String(client.id)}`;
      const body = JSON.stringify({ ...client, ...patch, attributes });
      await expectStatus(await adminApi(path, { method: 'PUT', body }), `PUT ${path}`, 204);
    },
    async setUserEnabled(realm, username, enabled) {
      // The whole user goes back: a partial one would be checked against the user profile as if fields were removed.
      const path = `${realmPath(realm)}/users/${await userId(realm, username)}`;
      const user = await getJson<Record<string, unknown>>(path);
      await expectStatus(await adminApi(path, { method: 'PUT', body: JSON.stringify({ ...user, enabled }) }), `PUT ${path}`, 204);
    },
    async logoutUser(realm, username) {
      const path = `${realmPath(realm)}/users/${await userId(realm, username)}/logout`;
      await expectStatus(await adminApi(path, { method: 'POST' }), `POST ${path}`, 204);
    },
    async deleteUser(realm, username) {
      const path = `${realmPath(realm)}/users/${await userId(realm, username)}`;
      await expectStatus(await adminApi(path, { method: 'DELETE' }), `DELETE ${path}`, 204);
    },
    stop: () => keycloak.stop(),
  };
}

/** The client secret of the `dondoc` client in dev/keycloak/dondoc-realm.json. */
export const DONDOC_CLIENT_SECRET = 'dondoc-dev-client-secret-0123456789';

/** dondoc's settings for a provider: the `dondoc` client of the given Keycloak's `dondoc` realm. */
export function oidcSettingsFor(keycloak: TestKeycloak) {
  return {
    issuer: keycloak.issuer('dondoc'),
    clientId: 'dondoc',
    clientSecret: DONDOC_CLIENT_SECRET,
    audience: 'dondoc',
    scopes: 'openid profile email',
    groupsClaim: 'groups',
    groupPrefix: '/dondoc/',
    providerName: 'Keycloak',
  };
}
