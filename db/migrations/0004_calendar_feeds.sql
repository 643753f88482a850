-- Read-only calendar feed tokens: calendar apps send no headers, so the token travels in the URL.
CREATE TABLE calendar_feeds (
  id           text PRIMARY KEY,
  token_hash   text NOT NULL UNIQUE,
  principal_id text NOT NULL,
  -- The units the feed shows; NULL means every unit (a leader or coordinator with no scope limit).
  units        text[],
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
