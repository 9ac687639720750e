import { KdFailure } from './errors';
import type { WriteNeed } from './message-spec';
import { readSettings } from './settings';
import { healthReportItem } from './token/report-store';

/**
 * The one check before any write to Buildkite (called by the background's `handle()` for every message whose spec `writes`, and by
 * the watch notifications' "Retry failed jobs" button, which is not a message):
 * read-only mode refuses it, and a token known (from the last health check) to lack the scope is told so without
 * a request. Unknown scopes (no check yet) let the request go: Buildkite answers with its own error.
 */
export async function assertWriteAllowed(need: WriteNeed): Promise<void> {
  const [settings, report] = await Promise.all([readSettings(), healthReportItem.getValue()]);
  if (settings.readOnly) {
    throw new KdFailure({
      kind: 'forbidden',
      title: 'Read-only mode is on',
      detail: 'Kitedeck is set to make no changes, so nothing was sent to Buildkite.',
      action: 'Turn off read-only mode in Kitedeck’s options to use this action.',
    });
  }
  if (need === 'no-token-scope') return;
  const scopes = report?.token?.scopes ?? [];
  // GraphQL access reads and writes builds; it can't be narrowed to fewer rights.
  const graphql = scopes.includes('graphql') && report?.graphqlEnabled !== false;
  if (scopes.length === 0 || scopes.includes(need) || (need === 'write_builds' && graphql)) return;
  throw new KdFailure({
    kind: 'missing-scope',
    scope: need,
    title: `The token lacks the ${need} scope`,
    detail:
      need === 'write_builds'
        ? 'This action changes a build, which needs the “write_builds” scope (or GraphQL access); this token has neither.'
        : `This action changes something in Buildkite, which needs the “${need}” scope; this token lacks it.`,
    action: `Create a token with ${need} (Kitedeck’s token health view links to a prefilled form).`,
  });
}
