/**
 * Dashboard sessions begun at the identity provider. A sign-in under way is a row keyed by its state's hash (used
 * once, within ten minutes, and bound to the browser by a cookie holding the state). A session keeps the provider's
 * refresh and ID tokens sealed; when its access token would have expired the session is refreshed at the provider,
 * which is where a person disabled, removed or moved out of every dondoc group loses access: their sessions end.
 * A back-channel logout from the provider ends the sessions it names.
 */
import type { JWTPayload } from 'jose';
import * as oidc from 'openid-client';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { personFromClaims } from './oidc-people';
import { TokenRefused, type OidcProvider, type ProviderTokens } from './oidc-provider';
import { createSealer, type Sealer } from './sealed-text';
import { SESSION_HOURS, publicBase, randomToken, sha256, type WebSession } from './web-sessions';

export const CALLBACK_PATH = '/web/oidc/callback';
export const SIGN_IN_MINUTES = 10;
/** However long the provider's access token lives, a session is checked with the provider at least this often. */
const MAX_REFRESH_SECONDS = 300;
/** A refresh that failed for a reason other than the provider's refusal (it is down) is tried again after this. */
const RETRY_SECONDS = 30;

/** A sign-in the provider's answer does not complete: the status and words of the page shown, and the audit's reason. */
export class SignInRefused extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** The provider's refresh and ID tokens as a session keeps them. */
interface KeptTokens {
  refresh: string | null;
  id: string | null;
}

// One key per provider, derived once (HKDF on every request would be work for nothing).
const sealers = new WeakMap<OidcProvider, Sealer>();
function sealerOf(provider: OidcProvider): Sealer {
  let sealer = sealers.get(provider);
  if (!sealer) sealers.set(provider, (sealer = createSealer(provider.settings.clientSecret, 'web-session-tokens')));
  return sealer;
}
const sealTokens = (provider: OidcProvider, tokens: KeptTokens) => sealerOf(provider).seal(JSON.stringify(tokens));
/** The kept tokens, or null when there are none or they were sealed under another secret. */
function openTokens(provider: OidcProvider, sealed: string | null | undefined): KeptTokens | null {
  const text = sealed ? sealerOf(provider).open(sealed) : null;
  return text ? (JSON.parse(text) as KeptTokens) : null;
}
const callbackUrl = (deps: AppDeps) => `${publicBase(deps)}${CALLBACK_PATH}`;
const refreshDelaySeconds = (tokens: ProviderTokens) => Math.max(5, Math.min(MAX_REFRESH_SECONDS, tokens.expiresIn ?? MAX_REFRESH_SECONDS));

function providerOf(deps: AppDeps): OidcProvider {
  if (!deps.oidc) throw new Error('no identity provider is configured');
  return deps.oidc;
}

/** Starts a sign-in: where to send the browser, and the state its cookie must hold when it comes back. */
export async function beginProviderSignIn(deps: AppDeps, returnTo: string): Promise<{ url: URL; state: string }> {
  const provider = providerOf(deps);
  const [state, nonce, codeVerifier] = [oidc.randomState(), oidc.randomNonce(), oidc.randomPKCECodeVerifier()];
  await deps.sql`
    INSERT INTO oidc_sign_ins (state_hash, code_verifier, nonce, return_to, expires_at)
    VALUES (${sha256(state)}, ${codeVerifier}, ${nonce}, ${returnTo}, now() + make_interval(mins => ${SIGN_IN_MINUTES}))`;
  await deps.sql`DELETE FROM oidc_sign_ins WHERE expires_at < now() - interval '1 day'`;
  return { url: await provider.authorizationUrl({ redirectUri: callbackUrl(deps), state, nonce, codeVerifier }), state };
}

interface PendingSignIn {
  code_verifier: string;
  nonce: string;
  return_to: string;
}

/**
 * Completes a sign-in from the provider's answer (the callback's query) and the browser's state cookie: a new
 * session, or SignInRefused saying why not. Nothing is kept of a refused one but the used state.
 */
export async function completeProviderSignIn(
  deps: AppDeps,
  query: URLSearchParams,
  stateCookie: string | undefined,
): Promise<{ cookie: string; principal: Principal; returnTo: string }> {
  const provider = providerOf(deps);
  const state = query.get('state');
  if (!state) throw new SignInRefused(400, 'missing-state', 'the answer from the sign-in service carries no state: start again');
  if (!stateCookie || stateCookie !== state) {
    throw new SignInRefused(400, 'state-mismatch', 'this sign-in was not started in this browser: start again');
  }
  const [pending] = await deps.sql<PendingSignIn[]>`
    UPDATE oidc_sign_ins SET used_at = now()
    WHERE state_hash = ${sha256(state)} AND used_at IS NULL AND expires_at > now()
    RETURNING code_verifier, nonce, return_to`;
  if (!pending) throw new SignInRefused(400, 'replayed-state', 'this sign-in was already used or has expired: start again');
  const providerError = query.get('error');
  if (providerError) {
    const said = (query.get('error_description') ?? providerError).slice(0, 200);
    throw new SignInRefused(401, 'provider-refused', `the sign-in service did not sign you in: ${said}`);
  }
  const currentUrl = new URL(`${callbackUrl(deps)}?${query.toString()}`);
  let tokens: ProviderTokens;
  try {
    tokens = await provider.redeemCode(currentUrl, { state, nonce: pending.nonce, codeVerifier: pending.code_verifier });
  } catch (err) {
    if (err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError) {
      throw new SignInRefused(401, 'provider-refused', `the sign-in service refused the sign-in (${err.error})`);
    }
    // A tampered or foreign ID token, a wrong nonce, a missing signature: openid-client's checks.
    if (err instanceof Error && /^OAUTH_|^ERR_JWS|^ERR_JWT/.test(String((err as { code?: unknown }).code ?? ''))) {
      throw new SignInRefused(401, 'bad-id-token', `the sign-in service's answer did not pass its checks: ${err.message}`);
    }
    throw err;
  }
  if (!tokens.claims) throw new SignInRefused(401, 'bad-id-token', 'the sign-in service sent no ID token');
  const principal = await principalOrRefusal(deps, provider, tokens.claims);
  const cookie = await insertProviderSession(deps, provider, principal, tokens);
  return { cookie, principal, returnTo: pending.return_to };
}

async function principalOrRefusal(deps: AppDeps, provider: OidcProvider, claims: JWTPayload): Promise<Principal> {
  try {
    return await personFromClaims(deps.sql, provider, deps.units, claims);
  } catch (err) {
    if (err instanceof TokenRefused) throw new SignInRefused(403, err.reason, err.message);
    throw err;
  }
}

async function insertProviderSession(deps: AppDeps, provider: OidcProvider, principal: Principal, tokens: ProviderTokens) {
  const id = randomToken();
  const sealed = sealTokens(provider, { refresh: tokens.refreshToken, id: tokens.idToken });
  const sid = typeof tokens.claims?.sid === 'string' ? tokens.claims.sid : null;
  await deps.sql`
    INSERT INTO web_sessions (id_hash, person_id, token_id, principal, csrf_token, expires_at, via,
                              oidc_subject, oidc_sid, oidc_tokens, oidc_refresh_at)
    VALUES (${sha256(id)}, ${principal.id}, null, ${deps.sql.json(principal as never)}, ${randomToken()},
            now() + make_interval(hours => ${SESSION_HOURS}), 'oidc', ${String(tokens.claims?.sub ?? '')}, ${sid}, ${sealed},
            now() + make_interval(secs => ${refreshDelaySeconds(tokens)}))`;
  return id;
}

/** Ends every session the provider began for a person (their access is gone everywhere at once). */
async function endPersonsProviderSessions(deps: AppDeps, personId: string): Promise<void> {
  await deps.sql`DELETE FROM web_sessions WHERE person_id = ${personId} AND via = 'oidc'`;
}

/**
 * Checks a provider session with the provider once its access token would have expired: refreshed, with the person
 * brought up to date from the new ID token; or ended (with the person's other provider sessions) when the provider
 * refuses or the groups no longer place the person. Only one request refreshes a session at a time; the others go on
 * with the session as it is.
 */
export async function keepProviderSessionCurrent(deps: AppDeps, session: WebSession): Promise<WebSession | null> {
  if (session.via !== 'oidc' || !session.refreshDueAt || session.refreshDueAt.getTime() > Date.now() || !deps.oidc) return session;
  const provider = deps.oidc;
  const [claimed] = await deps.sql<{ oidc_tokens: string | null }[]>`
    UPDATE web_sessions SET oidc_refresh_at = now() + make_interval(secs => ${RETRY_SECONDS})
    WHERE id_hash = ${session.idHash} AND oidc_refresh_at <= now() RETURNING oidc_tokens`;
  if (!claimed) return session;
  const kept = openTokens(provider, claimed.oidc_tokens);
  const refreshToken = kept?.refresh ?? null;
  if (!refreshToken) {
    await endPersonsProviderSessions(deps, session.principal.id);
    return null;
  }
  let tokens: ProviderTokens;
  try {
    tokens = await provider.refresh(refreshToken);
  } catch (err) {
    if (err instanceof TokenRefused) {
      deps.logger.info({ person: session.principal.id, reason: err.reason }, 'provider refused a session refresh: sessions ended');
      await endPersonsProviderSessions(deps, session.principal.id);
      return null;
    }
    deps.logger.warn({ err, person: session.principal.id }, 'session refresh failed; kept, tried again shortly');
    return session;
  }
  let principal = session.principal;
  if (tokens.claims) {
    try {
      principal = await personFromClaims(deps.sql, provider, deps.units, tokens.claims);
    } catch (err) {
      if (!(err instanceof TokenRefused)) throw err;
      deps.logger.info({ person: session.principal.id, reason: err.reason }, 'groups no longer place the person: sessions ended');
      await endPersonsProviderSessions(deps, session.principal.id);
      return null;
    }
  }
  const sealed = sealTokens(provider, { refresh: tokens.refreshToken ?? refreshToken, id: tokens.idToken ?? kept?.id ?? null });
  await deps.sql`
    UPDATE web_sessions SET principal = ${deps.sql.json(principal as never)}, oidc_tokens = ${sealed},
      oidc_refresh_at = now() + make_interval(secs => ${refreshDelaySeconds(tokens)})
    WHERE id_hash = ${session.idHash}`;
  return { ...session, principal, refreshDueAt: new Date(Date.now() + refreshDelaySeconds(tokens) * 1000) };
}

/** The provider's logout page for a session being ended here (RP-initiated logout), or null for a local session. */
export async function providerSignOutUrl(deps: AppDeps, session: WebSession): Promise<URL | null> {
  if (session.via !== 'oidc' || !deps.oidc) return null;
  const [row] = await deps.sql<{ oidc_tokens: string | null }[]>`SELECT oidc_tokens FROM web_sessions WHERE id_hash = ${session.idHash}`;
  const idToken = openTokens(deps.oidc, row?.oidc_tokens)?.id ?? null;
  try {
    return await deps.oidc.endSessionUrl({ idToken, postLogoutRedirectUri: `${publicBase(deps)}/web/signin` });
  } catch (err) {
    deps.logger.warn({ err }, 'the provider is unreachable: signed out here only');
    return null;
  }
}

/** A back-channel logout from the provider: ends the sessions of that provider session (or of the subject). */
export async function endSessionsByLogoutToken(deps: AppDeps, logoutToken: string): Promise<number> {
  const { sid, sub } = await providerOf(deps).verifyLogoutToken(logoutToken);
  const ended = await deps.sql`
    DELETE FROM web_sessions WHERE via = 'oidc'
      AND ${sid ? deps.sql`oidc_sid = ${sid}` : deps.sql`oidc_subject = ${sub!}`}
    RETURNING id_hash`;
  return ended.length;
}
