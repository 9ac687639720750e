/**
 * Where Kitedeck talks to. The production build talks only to Buildkite's real hosts; an e2e build
 * (`wxt build --mode e2e`, which loads `.env.e2e`) may point the bases at a loopback fake. Vite replaces
 * `import.meta.env.WXT_*` at build time, so a production bundle holds only the literals below.
 */
export const REST_BASE: string = (import.meta.env.WXT_KD_REST_BASE as string | undefined) || 'https://api.buildkite.com/v2/';
export const GRAPHQL_URL: string = (import.meta.env.WXT_KD_GRAPHQL_URL as string | undefined) || 'https://graphql.buildkite.com/v1';
/** Origins whose pages the content script runs on (the first one is buildkite.com). */
export const WEB_ORIGINS: readonly string[] = import.meta.env.WXT_KD_EXTRA_WEB_ORIGIN
  ? ['https://buildkite.com', import.meta.env.WXT_KD_EXTRA_WEB_ORIGIN as string]
  : ['https://buildkite.com'];
export const NEW_TOKEN_PAGE = 'https://buildkite.com/user/api-access-tokens/new';
export const TOKEN_HEALTH_DOCS = 'https://buildkite.com/docs/apis/managing-api-tokens';
