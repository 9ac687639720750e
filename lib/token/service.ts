import { browser } from '#imports';
import { restWrite } from '../buildkite/rest';
import { NoContent } from '../buildkite/schemas';
import { KdFailure } from '../errors';
import { refreshBadge } from '../badge';
import { checkTokenFormat } from './format';
import { checkTokenHealth, noTokenReport } from './health';
import type { TokenHealthReport } from './report';
import { healthReportItem } from './report-store';
import { forgetToken, readToken, storeToken } from './vault';
import { lockStatus } from '../vault/vault';
import type { Credentials } from '../buildkite/http';

/** The background's token glue: checks (stored in report-store.ts, never holding the token), revoke, badge. */

export const TOKEN_HEALTH_ALARM = 'kd-token-health';
export const TOKEN_HEALTH_PERIOD_MINUTES = 60;

/** Coalesces overlapping runs (popup open + alarm + token change) into one set of requests. */
let running: Promise<TokenHealthReport> | null = null;

export function runTokenHealthCheck(): Promise<TokenHealthReport> {
  running ??= (async () => {
    // Locked: nothing is sent to Buildkite; the last report stands until unlock.
    if ((await lockStatus()).locked) return (await healthReportItem.getValue()) ?? noTokenReport();
    const token = await readToken();
    const previous = await healthReportItem.getValue();
    const report = token ? await checkTokenHealth(token, previous) : noTokenReport();
    await healthReportItem.setValue(report);
    await refreshBadge();
    return report;
  })().finally(() => {
    running = null;
  });
  return running;
}

export async function setToken(input: string, forgetOnClose: boolean): Promise<TokenHealthReport> {
  const format = checkTokenFormat(input);
  if (!format.ok) {
    throw new KdFailure({
      kind: 'bad-message',
      title: 'That is not a token',
      detail: format.message,
      action: 'Copy the token again from Buildkite.',
    });
  }
  await storeToken(format.token, forgetOnClose);
  // A check already running read the previous token: let it finish, then check the new one.
  await running?.catch(() => undefined);
  await healthReportItem.setValue(null);
  return runTokenHealthCheck();
}

export async function forgetStoredToken(): Promise<TokenHealthReport> {
  await forgetToken();
  const report = noTokenReport();
  await healthReportItem.setValue(report);
  await refreshBadge();
  return report;
}

/** Revokes the token at Buildkite (`DELETE /v2/access-token`, no scope needed), then forgets it. */
export async function revokeStoredToken(): Promise<TokenHealthReport> {
  const token = await readToken();
  if (!token) throw new KdFailure(noTokenError());
  await restWrite({ token }, { method: 'delete', path: 'access-token', schema: NoContent });
  return forgetStoredToken();
}

export function noTokenError() {
  return {
    kind: 'no-token' as const,
    title: 'No token set',
    detail: 'Kitedeck needs a Buildkite API access token for this.',
    action: 'Open Kitedeck’s popup and paste a token.',
  };
}

/** The token and its known scopes, for API calls. Throws `no-token` when none is stored. */
export async function credentials(): Promise<Credentials> {
  const token = await readToken();
  if (!token) throw new KdFailure(noTokenError());
  const report = await healthReportItem.getValue();
  if (!report?.token) return { token };
  const orgs = (report.organizations ?? []).map((org) => org.slug);
  return { token, scopes: report.token.scopes, ...(orgs.length ? { orgs } : {}) };
}

export async function scheduleTokenHealth(): Promise<void> {
  const existing = await browser.alarms.get(TOKEN_HEALTH_ALARM);
  if (!existing) {
    await browser.alarms.create(TOKEN_HEALTH_ALARM, {
      periodInMinutes: TOKEN_HEALTH_PERIOD_MINUTES,
      delayInMinutes: 1,
    });
  }
}
