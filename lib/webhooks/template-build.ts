import * as v from 'valibot';
import { restRead } from '../buildkite/rest';
import { credentials } from '../token/service';
import type { JsonObject } from './events';

/** The REST build, kept whole: the template takes every field but `jobs`. */
const RestBuild = v.looseObject({
  id: v.string(),
  number: v.number(),
  state: v.string(),
  jobs: v.optional(v.array(v.looseObject({ id: v.string(), type: v.string() }))),
  pipeline: v.optional(v.looseObject({ slug: v.string() })),
});

/** "Use build 123 of this pipeline": the build (with its jobs) and its first command job, if any. */
export async function buildForTemplate(ref: {
  org: string;
  pipeline: string;
  number: number;
}): Promise<{ build: JsonObject; job: JsonObject | null }> {
  const { value } = await restRead(await credentials(), {
    path: `organizations/${encodeURIComponent(ref.org)}/pipelines/${encodeURIComponent(ref.pipeline)}/builds/${ref.number}`,
    schema: RestBuild,
    scope: 'read_builds',
    org: ref.org,
  });
  const job = value.jobs?.find((candidate) => candidate.type === 'script') ?? null;
  return { build: value, job };
}
