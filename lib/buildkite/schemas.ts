import * as v from 'valibot';

/**
 * Buildkite timestamps: `/v2/access-token` uses `YYYY-MM-DD HH:MM:SS UTC`, most other REST
 * objects use ISO 8601. Returns epoch ms, or null when the text is neither.
 */
export function parseBuildkiteTime(text: string): number | null {
  const legacy = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC$/.exec(text.trim());
  const iso = legacy ? `${legacy[1]}T${legacy[2]}Z` : text.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** A Buildkite timestamp, transformed to epoch ms. */
export const BuildkiteTime = v.pipe(
  v.string(),
  v.check((text) => parseBuildkiteTime(text) !== null, 'not a Buildkite timestamp'),
  v.transform((text) => parseBuildkiteTime(text)!),
);

/** `GET /v2/access-token`. */
export const AccessToken = v.object({
  uuid: v.string(),
  scopes: v.array(v.string()),
  description: v.optional(v.nullable(v.string()), null),
  created_at: v.nullish(BuildkiteTime, null),
  expires_at: v.nullish(BuildkiteTime, null),
  user: v.nullish(v.object({ name: v.nullish(v.string(), null), email: v.nullish(v.string(), null) }), null),
});
export type AccessToken = v.InferOutput<typeof AccessToken>;

/** `GET /v2/user`. */
export const User = v.object({
  id: v.string(),
  graphql_id: v.optional(v.string()),
  name: v.string(),
  email: v.string(),
});

/** One organisation from `GET /v2/organizations`. */
export const Organization = v.object({
  id: v.string(),
  graphql_id: v.optional(v.string()),
  slug: v.string(),
  name: v.string(),
  web_url: v.optional(v.string()),
});
export const Organizations = v.array(Organization);

/** `DELETE` endpoints answer 204 with no body. */
export const NoContent = v.null();
