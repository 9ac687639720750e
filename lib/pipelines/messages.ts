import * as v from 'valibot';
import type { BudgetView } from '../buildkite/rate-limit';
import type { BulkPreview } from '../bulk/service';
import type { BulkReport } from '../bulk/run';
import { message, NoInput } from '../message-spec';
import type { BuildInputs, BuildList, CreatedBuild } from './api';
import { MAX_MESSAGE, MAX_ROWS } from './new-build';

const Slug = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/));
const Branch = v.pipe(v.string(), v.minLength(1), v.maxLength(255));
const Number_ = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2 ** 31 - 1));
const ListState = v.picklist([
  'creating',
  'scheduled',
  'running',
  'passed',
  'failing',
  'failed',
  'blocked',
  'canceling',
  'canceled',
  'skipped',
  'not_run',
]);
const Row = v.strictObject({
  key: v.pipe(v.string(), v.maxLength(255)),
  value: v.pipe(v.string(), v.maxLength(10_000)),
});
const Rows = v.pipe(v.array(Row), v.maxLength(MAX_ROWS + 20));
export const NewBuildFormSchema = v.strictObject({
  message: v.pipe(v.string(), v.maxLength(MAX_MESSAGE)),
  branch: v.pipe(v.string(), v.maxLength(255)),
  commit: v.pipe(v.string(), v.maxLength(64)),
  env: Rows,
  metaData: Rows,
  cleanCheckout: v.boolean(),
  ignoreBranchFilters: v.boolean(),
  authorName: v.pipe(v.string(), v.maxLength(255)),
  authorEmail: v.pipe(v.string(), v.maxLength(255)),
});
const Ref = v.strictObject({ org: Slug, pipeline: Slug, number: Number_ });

/**
 * Pipeline pages and build lists: list builds (ONE request), create a build (ONE write), and bulk actions
 * (preview → start → poll status / stop). Writes (`createBuild`, `startBulk`) are checked in the background for
 * read-only mode and the write scope before anything is sent, and never retried.
 */
export const pipelineMessages = {
  listBuilds: message<BuildList>()(
    'buildkite-tab',
    v.variant('kind', [
      v.strictObject({
        kind: v.literal('pipeline'),
        org: Slug,
        pipeline: Slug,
        branch: v.optional(Branch),
        states: v.optional(v.pipe(v.array(ListState), v.maxLength(11))),
      }),
      v.strictObject({ kind: v.literal('mine'), states: v.optional(v.pipe(v.array(ListState), v.maxLength(11))) }),
    ]),
  ),
  /** "Rebuild with changes": the build's message, branch, commit, env and meta-data (one read). */
  getBuildInputs: message<BuildInputs>()('buildkite-tab', Ref),
  /** Writes: a new build. */
  createBuild: message<CreatedBuild>()(
    'buildkite-tab',
    v.strictObject({
      org: Slug,
      pipeline: Slug,
      pipelineGraphqlId: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
      form: NewBuildFormSchema,
    }),
    { writes: 'write_builds' },
  ),
  /** Reads what the preview needs and keeps the plan; the answer lists what will happen to which build. */
  previewBulk: message<BulkPreview>()(
    'buildkite-tab',
    v.strictObject({
      action: v.picklist(['cancel-superseded', 'cancel', 'retry-failed', 'rebuild']),
      org: v.optional(Slug),
      pipeline: v.optional(Slug),
      branch: v.optional(Branch),
      builds: v.optional(v.pipe(v.array(Ref), v.maxLength(100))),
    }),
  ),
  /** Writes: runs a previewed plan in the background. */
  startBulk: message<{ jobId: string }>()('buildkite-tab', v.strictObject({ planId: v.pipe(v.string(), v.uuid()) }), {
    writes: 'write_builds',
  }),
  bulkStatus: message<BulkReport | null>()('buildkite-tab', v.strictObject({ jobId: v.pipe(v.string(), v.uuid()) })),
  stopBulk: message<null>()('buildkite-tab', v.strictObject({ jobId: v.pipe(v.string(), v.uuid()) })),
  /** The organisations' budgets under 25 % (popup and panel). */
  getLowBudgets: message<BudgetView[]>()('buildkite-tab', NoInput),
};
