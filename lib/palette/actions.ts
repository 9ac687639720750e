/**
 * The palette's actions: in context (a build page, a pipeline page) and global. Pure; the content script (or the
 * popup) runs them with the existing in-page commands and background messages.
 */
import type { PageContext } from '../pages';
import type { PaletteActionId, PaletteResult } from './model';

export interface ActionSpec {
  id: PaletteActionId;
  title: string;
  detail: string;
  /** Changes something at Buildkite: hidden in read-only mode. */
  writes?: boolean;
}

const BUILD_ACTIONS: readonly ActionSpec[] = [
  { id: 'rebuild', title: 'Rebuild this build', detail: 'A new build with the same commit and settings', writes: true },
  { id: 'retry-failed', title: 'Retry failed jobs', detail: 'Preview which jobs are retried first', writes: true },
  { id: 'cancel', title: 'Cancel this build', detail: 'Asks first', writes: true },
  { id: 'unblock', title: 'Unblock', detail: 'Open the block step’s form', writes: true },
  { id: 'watch', title: 'Watch this build', detail: 'Be told when it passes, fails or needs input' },
  { id: 'failure-digest', title: 'Open the failure digest', detail: 'Why it failed: the failed jobs and their logs' },
  { id: 'copy-url', title: 'Copy build URL', detail: 'To the clipboard' },
  { id: 'copy-number', title: 'Copy build number', detail: 'To the clipboard' },
  { id: 'copy-bk', title: 'Copy bk CLI command', detail: 'bk build view … (to the clipboard)' },
  { id: 'copy-curl', title: 'Copy curl command', detail: 'The REST call, with $BUILDKITE_API_TOKEN' },
];

const PIPELINE_ACTIONS: readonly ActionSpec[] = [
  {
    id: 'new-build',
    title: 'New build',
    detail: 'Kitedeck’s form: branch, commit, message, environment, meta-data',
    writes: true,
  },
  { id: 'branch-builds', title: 'Builds on a branch…', detail: 'Type the branch name' },
];

const GLOBAL_ACTIONS: readonly ActionSpec[] = [
  { id: 'open-console', title: 'Open the API console', detail: 'GraphQL and REST with your token' },
  { id: 'open-webhook-lab', title: 'Open the webhook lab', detail: 'Send test webhooks' },
  { id: 'open-options', title: 'Open Kitedeck options', detail: 'Read-only mode, in-page features' },
  { id: 'open-token-health', title: 'Token health', detail: 'Scopes, expiry, what each feature can do' },
  { id: 'refresh-index', title: 'Refresh the pipeline index', detail: 'Load every pipeline again now' },
];

const toResult = (a: ActionSpec): PaletteResult => ({
  id: `a:${a.id}`,
  kind: 'action',
  title: a.title,
  matches: [],
  detail: a.detail,
  state: null,
  url: null,
  action: a.id,
});

const pipelineOf = (page: PageContext): { org: string; pipeline: string } | null =>
  'pipeline' in page && page.org !== '~' && page.org !== '-' ? { org: page.org, pipeline: page.pipeline } : null;

/** Links that belong to the page's pipeline: settings, its builds. */
function pipelineLinks(org: string, pipeline: string): PaletteResult[] {
  const base = `https://buildkite.com/${encodeURIComponent(org)}/${encodeURIComponent(pipeline)}`;
  const link = (id: string, title: string, detail: string, url: string): PaletteResult => ({
    id: `a:${id}`,
    kind: 'action',
    title,
    matches: [],
    detail,
    state: null,
    url,
    action: null,
  });
  return [
    link('pipeline-settings', 'Pipeline settings', `${org}/${pipeline}`, `${base}/settings`),
    link('pipeline-builds', 'All builds of this pipeline', `${org}/${pipeline}`, `${base}/builds`),
  ];
}

/** Every action that applies on `page`, in-context first. */
export function actionsFor(page: PageContext, readOnly: boolean): PaletteResult[] {
  const out: PaletteResult[] = [];
  if (page.kind === 'build') {
    out.push(...BUILD_ACTIONS.filter((a) => !(readOnly && a.writes)).map(toResult));
  }
  const p = pipelineOf(page);
  if (p) {
    out.push(
      ...PIPELINE_ACTIONS.filter((a) => !(readOnly && a.writes)).map(toResult),
      ...pipelineLinks(p.org, p.pipeline),
    );
  }
  out.push(...GLOBAL_ACTIONS.map(toResult));
  return out;
}

/** `>branch main` on a pipeline (or build) page: the builds list on that branch. */
export function branchResult(rest: string, page: PageContext): PaletteResult | null {
  const m = /^branch\s+(\S.{0,250})$/i.exec(rest.trim());
  const p = pipelineOf(page);
  if (!m || !p) return null;
  const branch = m[1]!.trim();
  return {
    id: `a:branch:${p.org}/${p.pipeline}`,
    kind: 'link',
    title: `Builds of ${p.org}/${p.pipeline} on ${branch}`,
    matches: [],
    detail: 'The pipeline’s builds list, filtered by branch',
    state: null,
    url: `https://buildkite.com/${encodeURIComponent(p.org)}/${encodeURIComponent(p.pipeline)}/builds?branch=${encodeURIComponent(branch)}`,
    action: null,
  };
}
