import { readSettings } from '../settings';
import { healthReportItem } from '../token/service';
import { KdFailure } from '../errors';
import type { BuildCapabilities } from './model';

/**
 * What the token (scopes from the last health check) and the settings allow on a build page. GraphQL access alone
 * reads and writes builds (it can't be narrowed, digest §1.5), so `canRead`/`canWrite` count it; logs need the
 * REST scope `read_build_logs`. `canWrite` is about the token; `readOnlyMode` is the user's switch, applied on top
 * (the UI hides writing controls, and the background refuses writes too).
 */
export async function buildCapabilities(): Promise<BuildCapabilities> {
  const [report, settings] = await Promise.all([healthReportItem.getValue(), readSettings()]);
  const scopes = report?.token?.scopes ?? [];
  // The live probe decides (reference §1.5); the scope string only when the probe could not tell.
  const graphql = report?.graphqlEnabled ?? scopes.includes('graphql');
  return {
    scopes,
    graphql,
    canRead: graphql || scopes.includes('read_builds'),
    canWrite: graphql || scopes.includes('write_builds'),
    canReadLogs: scopes.includes('read_build_logs'),
    readOnlyMode: settings.readOnly,
  };
}

/** Before any write: read-only mode refuses it, and a token known to lack write access is told so without a request. */
export async function assertCanWrite(): Promise<void> {
  const capabilities = await buildCapabilities();
  if (capabilities.readOnlyMode) {
    throw new KdFailure({
      kind: 'forbidden',
      title: 'Read-only mode is on',
      detail: 'Kitedeck is set to make no changes, so nothing was sent to Buildkite.',
      action: 'Turn off read-only mode in Kitedeck’s options to use this action.',
    });
  }
  if (capabilities.scopes.length > 0 && !capabilities.canWrite) {
    throw new KdFailure({
      kind: 'missing-scope',
      scope: 'write_builds',
      title: 'The token lacks the write_builds scope',
      detail:
        'This action changes a build, which needs the “write_builds” scope (or GraphQL access); this token has neither.',
      action: 'Create a token with write_builds (Kitedeck’s token health view links to a prefilled form).',
    });
  }
}
