/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Sign in with a token or ask for a one-time link by email; the page a one-time link opens. */
import { DICTS, type Lang } from '../i18n';

export function SignIn(props: {
  lang: Lang;
  pre: string;
  error?: string | null;
  notice?: string | null;
  next: string;
  /** `npm start`'s embedded stack: say where its development token is. Never on a real deployment. */
  development: boolean;
  /** The identity provider's name when one is configured: its button comes first. */
  provider: string | null;
  /** The dashboard's own sign-in (token, one-time link). */
  local: boolean;
}) {
  const t = DICTS[props.lang];
  return (
    <>
      {props.notice ? (
        <p class="flash ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.provider ? (
        <div class="card" style="max-width:34rem">
          {props.error && !props.local ? (
            <p class="flash err" role="alert">
              {props.error}
            </p>
          ) : null}
          <a class="button" href={`/web/oidc/login?next=${encodeURIComponent(props.next)}`} data-testid="provider-sign-in">
            {t.signInWith(props.provider)}
          </a>
          {props.local ? <p class="muted">{t.orLocal}</p> : <p class="muted">{t.localSignInOff}</p>}
        </div>
      ) : null}
      {props.local ? <LocalSignIn {...props} /> : null}
    </>
  );
}

/** The dashboard's own sign-in: a pasted token, or a one-time link by email. */
function LocalSignIn(props: { lang: Lang; pre: string; error?: string | null; next: string; development: boolean }) {
  const t = DICTS[props.lang];
  return (
    <>
      <form method="post" action="/web/signin" class="card" style="max-width:34rem">
        <input type="hidden" name="_csrf" value={props.pre} />
        <input type="hidden" name="next" value={props.next} />
        {props.error ? (
          <p class="flash err" role="alert">
            {props.error}
          </p>
        ) : null}
        <div class="field">
          <label for="token">{t.token}</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required aria-describedby="token-help" />
          <small id="token-help" class="muted">
            {t.tokenHelp}
            {props.development ? ` ${t.devTokenHelp}` : ''}
          </small>
        </div>
        <button type="submit">{t.signIn}</button>
      </form>
      <form method="post" action="/web/signin/link" class="card" style="max-width:34rem">
        <input type="hidden" name="_csrf" value={props.pre} />
        <h2 style="font-size:1rem">{t.orEmail}</h2>
        <div class="field">
          <label for="email">{t.email}</label>
          <input id="email" name="email" type="email" autocomplete="email" required />
        </div>
        <button type="submit">{t.sendLink}</button>
      </form>
    </>
  );
}

/** A sign-in the provider's answer did not complete: why, and what the person can do. */
export function ProviderSignInRefused(props: { lang: Lang; message: string; notPlaced: boolean }) {
  const t = DICTS[props.lang];
  return (
    <div class="card" style="max-width:40rem">
      <p role="alert">{props.notPlaced ? t.notPlaced : t.signInFailed}</p>
      <p data-testid="refusal">{props.message}</p>
      {props.notPlaced ? <p>{t.askAdmin}</p> : null}
      <a class="button" href="/web/signin">
        {t.startAgain}
      </a>
    </div>
  );
}

/** Opening a one-time link only shows this button: mail scanners that fetch links must not use them up. */
export function RedeemLink(props: { lang: Lang; pre: string; token: string }) {
  const { lang } = props;
  return (
    <form method="post" action={`/web/magic/${encodeURIComponent(props.token)}`} class="card" style="max-width:34rem">
      <input type="hidden" name="_csrf" value={props.pre} />
      <p>{lang === 'vi' ? 'Bấm để đăng nhập bằng liên kết dùng một lần này.' : 'Press to sign in with this one-time link.'}</p>
      <button type="submit" data-testid="redeem">
        {DICTS[lang].signIn}
      </button>
    </form>
  );
}
