/** Secrets that travel in URLs (calendar-feed tokens, one-time sign-in links) never reach the request log. */
const SECRET_SEGMENTS = [/(\/v1\/calendar-feeds\/)[^/]+/g, /(\/web\/magic\/)[^/?]+/g];
const SECRET_QUERY = /([?&]token=)[^&]*/gi;

export function redactUrlSecrets(pathOrUrl: string): string {
  let out = pathOrUrl;
  for (const pattern of SECRET_SEGMENTS) out = out.replace(pattern, '$1[redacted]');
  return out.replace(SECRET_QUERY, '$1[redacted]');
}
