import { ErrorMessage } from '@/components/ErrorMessage';
import { JsonTree } from '@/components/JsonTree';
import type { ConsoleResponse } from '@/lib/console/messages';
import {
  formatBytes,
  graphqlErrors,
  isRateLimitHeader,
  parseBody,
  prettyBody,
  rateFigures,
} from '@/lib/console/response-view';

/** One answer: status, time, size, rate-limit figures, then the body (GraphQL: errors next to data; REST: text). */
export function ResponseView({ response, kind }: { response: ConsoleResponse; kind: 'graphql' | 'rest' | 'portal' }) {
  const parsed = parseBody(response.body);
  const json = parsed.kind === 'json' ? parsed.value : undefined;
  const figures = rateFigures(response.headers, json);
  const errors = kind === 'rest' ? [] : graphqlErrors(json);
  const data = json && typeof json === 'object' && 'data' in json ? json.data : undefined;
  return (
    <section class="kd-panel" aria-label="Response">
      <p class="kd-status-line">
        <strong data-ok={String(response.status < 400)} data-testid="kd-http-status">
          HTTP {response.status} {response.statusText}
        </strong>
        <span>{response.durationMs} ms</span>
        <span>{formatBytes(response.bodyBytes)}</span>
        {response.truncated && <span class="kd-note">Body cut at 1 MB: the rest was not read.</span>}
      </p>
      {response.problem && <ErrorMessage error={response.problem} />}
      {figures.length > 0 && (
        <dl class="kd-figures" aria-label="Rate limits">
          {figures.map((figure) => (
            <div key={figure.label}>
              <dt>{figure.label}</dt>
              <dd>{figure.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {errors.length > 0 && (
        <div>
          <h3>{data ? 'GraphQL errors (with partial data below)' : 'GraphQL errors'}</h3>
          <ul class="kd-gql-errors" aria-label="GraphQL errors">
            {errors.map((error, index) => (
              <li key={index}>
                {error.message}
                {error.path && <span class="kd-muted"> — at {error.path}</span>}
                {error.locations && <span class="kd-muted"> ({error.locations})</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {kind !== 'rest' && data !== undefined && data !== null && <JsonTree value={data} label="Response data" />}
      {(kind === 'rest' || data === undefined) && parsed.kind !== 'empty' && (
        <pre class="kd-code" aria-label="Response body" tabIndex={0}>
          {prettyBody(response.body)}
        </pre>
      )}
      {parsed.kind === 'empty' && <p class="kd-muted">No body.</p>}
      <details open={kind === 'rest'}>
        <summary>Headers ({response.headers.length})</summary>
        <table class="kd-headers" aria-label="Response headers">
          <tbody>
            {response.headers.map(([name, value]) => (
              <tr key={name} data-ratelimit={String(isRateLimitHeader(name))}>
                <th scope="row">
                  {name}
                  {isRateLimitHeader(name) && <span class="kd-visually-hidden"> (rate limit)</span>}
                </th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
