/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** Hidden fields every dashboard form carries. */

export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/** An action form's hidden fields: the CSRF token, where to come back to, and a key that makes a resubmit idempotent. */
export function ActionHidden(props: { csrf: string; back: string }) {
  return (
    <>
      <Csrf token={props.csrf} />
      <input type="hidden" name="_return" value={props.back} />
      <input type="hidden" name="_key" value={crypto.randomUUID()} />
    </>
  );
}
