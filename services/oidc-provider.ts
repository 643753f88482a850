/**
 * The organisation's OpenID Connect provider, as dondoc talks to it: discovery (kept, tried again after a failure),
 * the authorization code flow with PKCE, state and nonce (openid-client, with the ID token's signature checked too),
 * refresh, RP-initiated logout, and the JWT checks of access and back-channel logout tokens (jose, keys from the
 * provider's JWKS, kept and fetched again when an unknown key id appears).
 */
import * as oidc from 'openid-client';
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { OidcSettings } from '../config/env';

/** Signatures by the provider's private keys only: never `none`, never a shared secret someone could also hold. */
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 5;
const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Why a token was refused, in words a caller can act on (and the audit log keeps). */
export class TokenRefused extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ProviderTokens {
  accessToken: string;
  refreshToken: string | null;
  idToken: string | null;
  /** Seconds the access token lives, as the provider says. */
  expiresIn: number | null;
  claims: JWTPayload | null;
}

export interface OidcProvider {
  settings: OidcSettings;
  /** Where to send the browser to sign in. */
  authorizationUrl(p: { redirectUri: string; state: string; nonce: string; codeVerifier: string }): Promise<URL>;
  /** The provider's answer at the callback, checked (state, nonce, PKCE, the ID token's signature) and redeemed. */
  redeemCode(currentUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<ProviderTokens>;
  /** New tokens for a refresh token; TokenRefused when the provider says no (the person was disabled, removed, logged out). */
  refresh(refreshToken: string): Promise<ProviderTokens>;
  /** The provider's logout page, returning to `postLogoutRedirectUri`; null when it has none. */
  endSessionUrl(p: { idToken: string | null; postLogoutRedirectUri: string }): Promise<URL | null>;
  /** An access token's claims when it is the provider's, for dondoc, current and intact. */
  verifyAccessToken(token: string): Promise<JWTPayload>;
  /** A back-channel logout token's session id and subject. */
  verifyLogoutToken(token: string): Promise<{ sid: string | null; sub: string | null }>;
}

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/** Words for what jose found wrong with a token. */
function refusalOf(err: unknown, what: string): TokenRefused {
  if (err instanceof TokenRefused) return err;
  if (err instanceof joseErrors.JWTExpired) return new TokenRefused(401, 'expired', `the ${what} has expired`);
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return new TokenRefused(401, 'wrong-issuer', `the ${what} was not issued by the configured provider`);
    if (err.claim === 'aud') return new TokenRefused(401, 'wrong-audience', `the ${what} is not meant for dondoc`);
    return new TokenRefused(401, 'bad-claims', `the ${what}'s "${err.claim}" claim is not acceptable`);
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey)
    return new TokenRefused(401, 'unknown-key', `the ${what} is signed with a key the provider does not publish`);
  if (err instanceof joseErrors.JOSEAlgNotAllowed)
    return new TokenRefused(401, 'bad-algorithm', `the ${what}'s signature algorithm is not accepted`);
  if (err instanceof joseErrors.JWSSignatureVerificationFailed)
    return new TokenRefused(401, 'bad-signature', `the ${what}'s signature does not verify`);
  if (err instanceof joseErrors.JWTInvalid || err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JOSEError) {
    return new TokenRefused(401, 'malformed', `the ${what} is not a well-formed signed JWT`);
  }
  throw err;
}

export function createOidcProvider(settings: OidcSettings): OidcProvider {
  const issuerUrl = new URL(settings.issuer);
  // Plain HTTP only to a provider on this machine (a development Keycloak); anywhere else it must be TLS.
  const insecure = issuerUrl.protocol === 'http:' && isLoopback(issuerUrl);
  let discovered: Promise<{ config: oidc.Configuration; keys: ReturnType<typeof createRemoteJWKSet> }> | null = null;
  const provider = () => {
    discovered ??= (async () => {
      const config = await oidc.discovery(issuerUrl, settings.clientId, settings.clientSecret, undefined, {
        execute: insecure ? [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks] : [oidc.enableNonRepudiationChecks],
        timeout: 10,
      });
      const jwksUri = config.serverMetadata().jwks_uri;
      if (!jwksUri) throw new Error(`the provider ${settings.issuer} publishes no jwks_uri`);
      const keys = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
      return { config, keys };
    })().catch((err) => {
      discovered = null; // tried again on the next request, not kept failed
      throw err;
    });
    return discovered;
  };
  const tokensOf = (t: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): ProviderTokens => ({
    accessToken: t.access_token,
    refreshToken: t.refresh_token ?? null,
    idToken: t.id_token ?? null,
    expiresIn: t.expiresIn() ?? null,
    claims: (t.claims() as JWTPayload | undefined) ?? null,
  });
  const verify = async (token: string, audience: string, what: string) => {
    const { config, keys } = await provider();
    const issuer = config.serverMetadata().issuer;
    try {
      // Another issuer's token is named so, not as a key we do not know (its keys are another provider's). Only the
      // words depend on this unverified read; the token is refused either way.
      if (decodeJwt(token).iss !== issuer)
        throw new TokenRefused(401, 'wrong-issuer', `the ${what} was not issued by the configured provider`);
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        algorithms: ASYMMETRIC,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat'],
      });
      return payload;
    } catch (err) {
      throw refusalOf(err, what);
    }
  };
  return {
    settings,
    async authorizationUrl({ redirectUri, state, nonce, codeVerifier }) {
      const { config } = await provider();
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scopes,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
    },
    async redeemCode(currentUrl, { state, nonce, codeVerifier }) {
      const { config } = await provider();
      return tokensOf(
        await oidc.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: codeVerifier,
          expectedState: state,
          expectedNonce: nonce,
          idTokenExpected: true,
        }),
      );
    },
    async refresh(refreshToken) {
      const { config } = await provider();
      try {
        return tokensOf(await oidc.refreshTokenGrant(config, refreshToken));
      } catch (err) {
        if (err instanceof oidc.ResponseBodyError) {
          throw new TokenRefused(401, err.error, `the provider refused to refresh the session (${err.error})`);
        }
        throw err;
      }
    },
    async endSessionUrl({ idToken, postLogoutRedirectUri }) {
      const { config } = await provider();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(config, {
        post_logout_redirect_uri: postLogoutRedirectUri,
        client_id: settings.clientId,
        ...(idToken ? { id_token_hint: idToken } : {}),
      });
    },
    async verifyAccessToken(token) {
      const claims = await verify(token, settings.audience, 'access token');
      // An ID or logout token for the same client is not a key to the API.
      if (claims.typ === 'ID' || claims.typ === 'Refresh' || claims.nonce !== undefined || claims.events !== undefined) {
        throw new TokenRefused(401, 'not-an-access-token', 'the token is not an access token');
      }
      if (typeof claims.sub !== 'string' || !claims.sub) throw new TokenRefused(401, 'bad-claims', 'the access token names no subject');
      return claims;
    },
    async verifyLogoutToken(token) {
      const claims = await verify(token, settings.clientId, 'logout token');
      const events = claims.events as Record<string, unknown> | undefined;
      if (!events || typeof events !== 'object' || !(BACKCHANNEL_LOGOUT_EVENT in events)) {
        throw new TokenRefused(401, 'not-a-logout-token', 'the token carries no back-channel logout event');
      }
      if (claims.nonce !== undefined) throw new TokenRefused(401, 'not-a-logout-token', 'a logout token carries no nonce');
      const sid = typeof claims.sid === 'string' ? claims.sid : null;
      const sub = typeof claims.sub === 'string' ? claims.sub : null;
      if (!sid && !sub) throw new TokenRefused(401, 'bad-claims', 'the logout token names neither a session nor a subject');
      return { sid, sub };
    },
  };
}
