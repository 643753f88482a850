/**
 * `npm run sso`: `npm start` with single sign-on at a real Keycloak on this machine (dev/keycloak.ts), on
 * KEYCLOAK_PORT (default 8080) with the realm dev/keycloak/dondoc-realm.json, created afresh at every start (its
 * database is in memory). dondoc is pointed at it through OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET where
 * those are not set already, and the people one can sign in as are printed. Ctrl-C stops Keycloak with the rest.
 */
import { KEYCLOAK_VERSION, readRealm, startKeycloak, type RealmRepresentation, type RunningKeycloak } from './keycloak';

interface RealmUser {
  username: string;
  credentials?: { value?: string }[];
  groups?: string[];
}

const keycloakPort = Number(process.env.KEYCLOAK_PORT ?? 8080);
const appPort = process.env.PORT ?? '3000';

let keycloak: RunningKeycloak | null = null;
const onSignal = (signal: NodeJS.Signals) => {
  void keycloak?.stop();
  // Until dondoc's launcher has its own handlers (it stops its servers, then exits), nothing else would end the
  // process; the exit hook of dev/keycloak.ts then stops a Keycloak still starting.
  if (process.listenerCount(signal) === 0) process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

let realm: RealmRepresentation = await readRealm('dondoc');
// The realm's redirect and logout URLs name dondoc's default port; another PORT gets them rewritten to match.
if (/^[1-9]\d*$/.test(appPort) && appPort !== '3000') {
  realm = JSON.parse(JSON.stringify(realm).replaceAll(/(127\.0\.0\.1|localhost):3000\//g, `$1:${appPort}/`)) as RealmRepresentation;
}
const client = (realm.clients as { clientId: string; secret?: string }[]).find((c) => c.clientId === 'dondoc');
if (!client?.secret) throw new Error('dev/keycloak/dondoc-realm.json has no confidential client "dondoc"');

try {
  keycloak = await startKeycloak({ port: keycloakPort, realms: [realm], quiet: true });
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
const issuer = `${keycloak.url}/realms/${String(realm.realm)}`;
process.env.OIDC_ISSUER ??= issuer;
process.env.OIDC_CLIENT_ID ??= client.clientId;
process.env.OIDC_CLIENT_SECRET ??= client.secret;
process.env.OIDC_PROVIDER_NAME ??= 'Keycloak';

const users = realm.users as RealmUser[];
const width = Math.max(...users.map((u) => u.username.length)) + 2;
const passwordWidth = Math.max(...users.map((u) => (u.credentials?.[0]?.value ?? '').length)) + 2;
process.stdout.write(
  [
    '',
    `Keycloak ${KEYCLOAK_VERSION} at ${keycloak.url}   (admin console ${keycloak.url}/admin/ as ${keycloak.adminUser} / ${keycloak.adminPassword})`,
    process.env.OIDC_ISSUER === issuer
      ? `dondoc signs in at ${issuer}. People (username, password, groups):`
      : `OIDC_ISSUER is set to ${process.env.OIDC_ISSUER}: dondoc does NOT sign in at this Keycloak. Its people:`,
    ...users.map(
      (u) =>
        `  ${u.username.padEnd(width)}${(u.credentials?.[0]?.value ?? '').padEnd(passwordWidth)}${(u.groups ?? []).join(', ') || '(no dondoc group)'}`,
    ),
    '',
  ].join('\n'),
);

await import('./start');
