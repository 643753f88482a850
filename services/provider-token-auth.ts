/**
 * The API's bearer tokens from the identity provider: a JWT is checked by the provider's keys (issuer, audience,
 * expiry, signature) and its person made or updated from its claims; anything else goes on to dondoc's own tokens,
 * which stay for machines. A refused JWT throws TokenRefused (the edge answers 401/403 and audits why).
 */
import type { Sql } from '../db/sql';
import type { Authenticate } from './access';
import type { OidcProvider } from './oidc-provider';
import { personFromClaims } from './oidc-people';
import type { UnitDirectory } from './unit-directory';

/** Three base64url parts: the shape of a signed JWT (dondoc's own tokens start `dd_` and have no dots). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Longer than any real access token with groups; a bigger one is not read. */
const MAX_JWT_CHARS = 16_384;

export function providerTokenAuthenticator(sql: Sql, provider: OidcProvider, units: UnitDirectory, next: Authenticate): Authenticate {
  return async (token) => {
    if (token.length > MAX_JWT_CHARS || !JWT_SHAPE.test(token)) return next(token);
    const claims = await provider.verifyAccessToken(token);
    return personFromClaims(sql, provider, units, claims);
  };
}
