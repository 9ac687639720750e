import * as v from 'valibot';
import { message, NoInput } from '../message-spec';
import type { TokenHealthReport, TokenStatusSummary } from './report';

/** Token vault and health. No reply ever holds the token. */
export const tokenMessages = {
  /** The last stored report at once (may be stale), for the popup's first paint. */
  getTokenHealth: message<TokenHealthReport | null>()('extension-page', NoInput),
  /** Runs the checks now. */
  checkTokenHealth: message<TokenHealthReport>()('extension-page', NoInput),
  setToken: message<TokenHealthReport>()(
    'extension-page',
    v.object({ token: v.pipe(v.string(), v.maxLength(512)), forgetOnClose: v.boolean() }),
  ),
  forgetToken: message<TokenHealthReport>()('extension-page', NoInput),
  /**
   * `DELETE /v2/access-token`, then forget it. No write policy: revoking Kitedeck's own token changes
   * nothing in the org's builds or pipelines, and read-only mode must not stand in the way of revoking a leaked token.
   */
  revokeToken: message<TokenHealthReport>()('extension-page', NoInput),
  getVaultSettings: message<{ forgetOnClose: boolean; hasToken: boolean }>()('extension-page', NoInput),
  setForgetOnClose: message<{ forgetOnClose: boolean; hasToken: boolean }>()(
    'extension-page',
    v.object({ forgetOnClose: v.boolean() }),
  ),
  /** For the in-page panel: whether the token works and what it allows, never the token. */
  getTokenStatus: message<TokenStatusSummary>()('buildkite-tab', NoInput),
};
