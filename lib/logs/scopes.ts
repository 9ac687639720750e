import type { Credentials } from '../buildkite/http';
import { KdFailure, type KdError } from '../errors';

const WHY: Record<string, string> = {
  read_build_logs: 'Reading job logs (failure digest, search, log page, downloads)',
  read_artifacts: 'Listing and downloading a build’s artifacts',
};

export function missingScopeError(scope: 'read_build_logs' | 'read_artifacts'): KdError {
  return {
    kind: 'missing-scope',
    scope,
    title: `The token lacks the ${scope} scope`,
    detail: `${WHY[scope] ?? 'This'} needs the “${scope}” scope, which this token was not given.`,
    action: `Create a token with ${scope} (Kitedeck’s token health view links to a prefilled form), then paste it in the popup.`,
  };
}

/**
 * Refuses before any request when the token's scopes are known and lack `scope`, with the reason. When the scopes
 * are unknown (no health check yet), the request is sent and a 403 is explained the same way.
 */
export function requireScope(
  credentials: Pick<Credentials, 'scopes'>,
  scope: 'read_build_logs' | 'read_artifacts',
): void {
  if (!credentials.scopes || credentials.scopes.includes(scope)) return;
  throw new KdFailure(missingScopeError(scope));
}
