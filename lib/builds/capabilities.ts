import { readSettings } from '../settings';
import { healthReportItem } from '../token/report-store';
import type { BuildCapabilities } from './model';

/**
 * What the token (scopes from the last health check) and the settings allow on a build page. GraphQL access alone
 * reads and writes builds (a GraphQL token can't be narrowed to fewer rights), so `canRead`/`canWrite` count it; logs need the
 * REST scope `read_build_logs`. `canWrite` is about the token; `readOnlyMode` is the user's switch, applied on top
 * (the UI hides writing controls; the background's write policy refuses writes too).
 */
export async function buildCapabilities(): Promise<BuildCapabilities> {
  const [report, settings] = await Promise.all([healthReportItem.getValue(), readSettings()]);
  const scopes = report?.token?.scopes ?? [];
  const graphql = scopes.includes('graphql') && report?.graphqlEnabled !== false;
  return {
    scopes,
    graphql,
    canRead: graphql || scopes.includes('read_builds'),
    canWrite: graphql || scopes.includes('write_builds'),
    canReadLogs: scopes.includes('read_build_logs'),
    readOnlyMode: settings.readOnly,
  };
}
