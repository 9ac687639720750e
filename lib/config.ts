/**
 * Where Kitedeck talks to. The production build talks only to Buildkite's real hosts; an e2e build
 * (`wxt build --mode e2e`, which loads `.env.e2e`) may point the bases at a loopback fake. Vite replaces
 * `import.meta.env.WXT_*` at build time, so a production bundle holds only the literals below.
 */
const FAKE_ORIGIN = import.meta.env.WXT_KD_FAKE_ORIGIN as string | undefined;

export const REST_BASE: string = FAKE_ORIGIN ? `${FAKE_ORIGIN}/v2/` : 'https://api.buildkite.com/v2/';
export const GRAPHQL_URL: string = FAKE_ORIGIN ? `${FAKE_ORIGIN}/graphql/v1` : 'https://graphql.buildkite.com/v1';
/** Where portal URLs (`https://portal.buildkite.com/organizations/{org}/portals/{portal}`) are sent. */
export const PORTAL_BASE: string = FAKE_ORIGIN ? `${FAKE_ORIGIN}/portal` : 'https://portal.buildkite.com';
/** Origins whose pages the content script runs on (the first one is buildkite.com; the e2e fake serves its pages too). */
export const WEB_ORIGINS: readonly string[] = FAKE_ORIGIN
  ? ['https://buildkite.com', FAKE_ORIGIN]
  : ['https://buildkite.com'];
/**
 * The deadline of one Buildkite API attempt (headers and body). 15 s in production; an e2e build may shorten it
 * with `WXT_KD_TIMEOUT_MS` (`.env.e2e`), read only when the build talks to the fake, so the fault matrix's timeout
 * and stalled-body rows (tests/e2e/chromium/fault-matrix.spec.ts) end in seconds.
 */
const E2E_TIMEOUT_MS = FAKE_ORIGIN ? Number(import.meta.env.WXT_KD_TIMEOUT_MS) : Number.NaN;
export const API_TIMEOUT_MS: number = E2E_TIMEOUT_MS > 0 ? E2E_TIMEOUT_MS : 15_000;
export const NEW_TOKEN_PAGE = 'https://buildkite.com/user/api-access-tokens/new';
export const TOKEN_HEALTH_DOCS = 'https://buildkite.com/docs/apis/managing-api-tokens';
