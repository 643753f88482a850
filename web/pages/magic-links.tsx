/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Admin: make a one-time sign-in link for a person, and show the link made. */
import { Csrf } from '../components/forms';
import { DICTS, type Lang } from '../i18n';

export function MagicLinkForm(props: { lang: Lang; csrf: string }) {
  const t = DICTS[props.lang];
  return (
    <form method="post" action="/web/magic-links" class="card filters">
      <Csrf token={props.csrf} />
      <label>
        {t.person}
        <input type="text" name="personId" required maxlength={100} />
      </label>
      <button type="submit">{t.makeLink}</button>
    </form>
  );
}

export function MagicLinkMade(props: { lang: Lang; link: string }) {
  return (
    <p>
      {DICTS[props.lang].linkMade} <code data-testid="magic-link">{props.link}</code>
    </p>
  );
}
