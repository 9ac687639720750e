/** Pure reading of a console answer for display: JSON or text, GraphQL errors, rate-limit and complexity figures. */

export interface GraphQLErrorView {
  message: string;
  /** `viewer.builds.edges.0.node` */
  path: string | null;
  /** `3:5, 7:1` */
  locations: string | null;
}

export interface RateFigure {
  label: string;
  value: string;
}

export type ParsedBody = { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'empty' };

export function parseBody(text: string): ParsedBody {
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'text', text };
  }
}

export function prettyBody(text: string): string {
  const parsed = parseBody(text);
  return parsed.kind === 'json' ? JSON.stringify(parsed.value, null, 2) : text;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function graphqlErrors(body: unknown): GraphQLErrorView[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.map((error: unknown) => {
    const item = isRecord(error) ? error : {};
    const path = Array.isArray(item.path) ? item.path.map(String).join('.') : null;
    const locations = Array.isArray(item.locations)
      ? item.locations
          .filter(isRecord)
          .map((location) => `line ${String(location.line)}, column ${String(location.column)}`)
          .join('; ')
      : null;
    return {
      message: typeof item.message === 'string' ? item.message : JSON.stringify(error),
      path: path || null,
      locations: locations || null,
    };
  });
}

const header = (headers: readonly [string, string][], name: string) =>
  headers.find(([key]) => key.toLowerCase() === name)?.[1] ?? null;

export function isRateLimitHeader(name: string): boolean {
  return name.toLowerCase().startsWith('ratelimit') || name.toLowerCase() === 'retry-after';
}

/** The figures Buildkite returns, in the order a person reads them. */
export function rateFigures(headers: readonly [string, string][], body?: unknown): RateFigure[] {
  const figures: RateFigure[] = [];
  const pair = (label: string, remaining: string | null, limit: string | null, reset: string | null) => {
    if (remaining === null && limit === null) return;
    const resetText = reset === null ? '' : `, resets in ${reset} s`;
    figures.push({ label, value: `${remaining ?? '?'} of ${limit ?? '?'} left${resetText}` });
  };
  const scope = header(headers, 'ratelimit-scope');
  pair(
    scope ? `Organisation (${scope})` : 'Organisation',
    header(headers, 'ratelimit-remaining'),
    header(headers, 'ratelimit-limit'),
    header(headers, 'ratelimit-reset'),
  );
  const userScope = header(headers, 'ratelimit-user-scope');
  pair(
    userScope ? `You (${userScope})` : 'You',
    header(headers, 'ratelimit-user-remaining'),
    header(headers, 'ratelimit-user-limit'),
    header(headers, 'ratelimit-user-reset'),
  );
  const stats = isRecord(body) && isRecord(body.stats) ? body.stats : {};
  const requested = header(headers, 'ratelimit-complexity-requested') ?? numberText(stats.requestedComplexity);
  const actual = header(headers, 'ratelimit-complexity-actual') ?? numberText(stats.actualComplexity);
  if (requested !== null) figures.push({ label: 'Complexity requested', value: requested });
  if (actual !== null) figures.push({ label: 'Complexity used', value: actual });
  for (const name of ['ratelimit-warning', 'ratelimit-user-warning', 'retry-after']) {
    const value = header(headers, name);
    if (value !== null) figures.push({ label: name === 'retry-after' ? 'Retry after (s)' : 'Warning', value });
  }
  return figures;
}

function numberText(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

/** `1.2 kB`, `340 B`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
