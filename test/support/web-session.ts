/** A dashboard session for a bearer token, made the way the sign-in form makes it (pre-session cookie, CSRF). */
import { expect } from 'vitest';

export async function webSession(apiUrl: string, token: string): Promise<string> {
  const form = await fetch(`${apiUrl}/web/signin`);
  const pre = /dd_pre=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
  const signedIn = await fetch(`${apiUrl}/web/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `dd_pre=${pre}`, origin: apiUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: pre, token, next: '/web/' }).toString(),
  });
  expect(signedIn.status).toBe(303);
  return /dd_session=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]!;
}
