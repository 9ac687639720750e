import * as v from 'valibot';

/**
 * REST v2 shapes of a build and its jobs. Only what Kitedeck reads is checked;
 * unknown fields pass through untouched. Optional fields are optional because Buildkite omits them per job type.
 */
const nullish = <S extends v.GenericSchema>(schema: S) => v.nullish(schema, null);

/**
 * A block step field as Buildkite's REST job carries it (undocumented extra on `manual` jobs; the pipeline YAML
 * shape: `text`/`select` holds the label). Checked loosely: a field we can't read is dropped, not an error.
 */
export const RestBlockField = v.looseObject({
  key: v.string(),
  text: v.optional(v.string()),
  select: v.optional(v.string()),
  type: v.optional(v.string()),
  hint: nullish(v.string()),
  required: nullish(v.boolean()),
  default: nullish(v.union([v.string(), v.array(v.string())])),
  multiple: nullish(v.boolean()),
  format: nullish(v.string()),
  options: nullish(v.array(v.looseObject({ label: nullish(v.string()), value: v.string() }))),
});
export type RestBlockField = v.InferOutput<typeof RestBlockField>;

export const RestJob = v.looseObject({
  id: v.string(),
  graphql_id: nullish(v.string()),
  type: v.string(),
  name: nullish(v.string()),
  label: nullish(v.string()),
  state: nullish(v.string()),
  web_url: nullish(v.string()),
  soft_failed: nullish(v.boolean()),
  exit_status: nullish(v.number()),
  signal: nullish(v.string()),
  signal_reason: nullish(v.string()),
  retried: nullish(v.boolean()),
  retried_in_job_id: nullish(v.string()),
  retries_count: nullish(v.number()),
  retry_type: nullish(v.string()),
  // block (manual) jobs
  unblockable: nullish(v.boolean()),
  prompt: nullish(v.string()),
  fields: nullish(v.array(v.unknown())),
  // trigger jobs
  triggered_build: nullish(v.looseObject({ number: v.number(), web_url: nullish(v.string()) })),
});
export type RestJob = v.InferOutput<typeof RestJob>;

export const RestBuild = v.looseObject({
  id: v.string(),
  graphql_id: nullish(v.string()),
  web_url: v.string(),
  number: v.number(),
  state: v.string(),
  blocked: nullish(v.boolean()),
  message: nullish(v.string()),
  commit: v.string(),
  branch: v.string(),
  created_at: nullish(v.string()),
  started_at: nullish(v.string()),
  finished_at: nullish(v.string()),
  jobs: nullish(v.array(RestJob)),
  pipeline: nullish(v.looseObject({ slug: v.string(), name: v.string(), graphql_id: nullish(v.string()) })),
});
export type RestBuild = v.InferOutput<typeof RestBuild>;

/** `GET …/builds?branch=…&per_page=1` for the newest build on a branch. */
export const RestBuildSummaries = v.array(
  v.looseObject({ number: v.number(), web_url: v.string(), state: v.string(), blocked: nullish(v.boolean()) }),
);

/** `PUT …/rebuild` answers the NEW build. */
export const RestRebuilt = v.looseObject({ number: v.number(), web_url: v.string() });

/** `PUT …/retry_failed_jobs` answers the build plus `retried_jobs_count`. */
export const RestRetriedFailedJobs = v.looseObject({ retried_jobs_count: nullish(v.number()) });

/** `PUT …/jobs/{job}/retry` answers the NEW job; `…/unblock` the unblocked job. `PUT …/cancel` the build. */
export const RestJobAnswer = v.looseObject({ id: v.string(), state: nullish(v.string()) });
export const RestBuildAnswer = v.looseObject({ id: v.string(), state: v.string() });
