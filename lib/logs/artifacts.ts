import * as v from 'valibot';
import { HTTPError, TimeoutError } from 'ky';
import { errorFromResponse, invalidResponse, networkError, timeoutError } from '../buildkite/errors';
import { authHeaders, client, readRetry, TIMEOUT_MS, type Credentials } from '../buildkite/http';
import { recordRateLimit } from '../buildkite/rate-limit';
import { restRead, restUrl } from '../buildkite/rest';
import type { BuildRef } from '../builds/model';
import { KdFailure } from '../errors';
import { requireScope } from './scopes';

/** Artifact fields from rest_api/artifacts.md (`glob_path` / `original_path` are deprecated: not read). */
const RestArtifact = v.object({
  id: v.string(),
  job_id: v.string(),
  state: v.string(),
  path: v.string(),
  filename: v.nullish(v.string(), null),
  mime_type: v.nullish(v.string(), null),
  file_size: v.nullish(v.number(), null),
  sha1sum: v.nullish(v.string(), null),
});

export interface ArtifactView {
  id: string;
  jobId: string;
  state: string;
  path: string;
  filename: string;
  mimeType: string | null;
  size: number | null;
}

/** `GET …/builds/{n}/artifacts` (scope `read_artifacts`): the first 100. */
export async function listArtifacts(credentials: Credentials, ref: BuildRef): Promise<ArtifactView[]> {
  requireScope(credentials, 'read_artifacts');
  const { value } = await restRead(credentials, {
    path: `organizations/${ref.org}/pipelines/${ref.pipeline}/builds/${ref.number}/artifacts`,
    searchParams: { per_page: 100 },
    schema: v.array(RestArtifact),
    scope: 'read_artifacts',
    org: ref.org,
  });
  return value.map((a) => ({
    id: a.id,
    jobId: a.job_id,
    state: a.state,
    path: a.path,
    filename: a.filename ?? a.path.split('/').pop() ?? a.path,
    mimeType: a.mime_type,
    size: a.file_size,
  }));
}

const DownloadBody = v.object({ url: v.pipe(v.string(), v.url()) });

/**
 * `GET …/jobs/{job}/artifacts/{id}/download` answers `302` to a signed URL (in `Location` and in the body `{url}`),
 * valid for about a minute. Browsers hide a redirect's `Location` from scripts, so the background follows it and
 * takes the URL it arrived at, stopping before the body. The signed URL holds no token: the page hands it to the
 * browser's download.
 */
export async function artifactDownloadUrl(
  credentials: Credentials,
  ref: BuildRef,
  jobId: string,
  artifactId: string,
): Promise<{ url: string }> {
  requireScope(credentials, 'read_artifacts');
  const endpoint = restUrl(
    `organizations/${ref.org}/pipelines/${ref.pipeline}/builds/${ref.number}/jobs/${jobId}/artifacts/${artifactId}/download`,
  );
  let response: Response;
  try {
    response = await client.get(endpoint, { headers: authHeaders(credentials), retry: readRetry(['get']) });
  } catch (cause) {
    if (cause instanceof HTTPError) {
      await recordRateLimit('rest', cause.response.headers);
      const body: unknown = await cause.response.json().catch(() => null);
      throw new KdFailure(
        errorFromResponse(cause.response.status, cause.response.headers, body, {
          api: 'rest',
          scope: 'read_artifacts',
          org: ref.org,
          ...(credentials.scopes ? { tokenScopes: credentials.scopes } : {}),
        }),
      );
    }
    if (cause instanceof TimeoutError) throw new KdFailure(timeoutError(TIMEOUT_MS / 1000));
    throw new KdFailure(networkError(cause));
  }
  if (response.redirected && response.url && response.url !== endpoint) {
    await response.body?.cancel().catch(() => undefined);
    return { url: response.url };
  }
  // No redirect followed (a server answering the documented body with 200): read `{url}`.
  await recordRateLimit('rest', response.headers);
  const parsed = v.safeParse(DownloadBody, await response.json().catch(() => null));
  if (!parsed.success) throw new KdFailure(invalidResponse('The download answer had no signed URL.', response.status));
  return { url: parsed.output.url };
}
