import { browser } from 'wxt/browser';
import { GRAPHQL_URL } from '@/lib/config';
import { graphqlBody } from '@/lib/console/curl';
import { exchange } from '@/lib/console/exchange';
import { parseLinkHeader } from '@/lib/console/link-header';
import {
  checkPortalToken,
  parsePortalUrl,
  portalEndpoint,
  portalPermissionPattern,
  type PortalRef,
} from '@/lib/console/portal';
import { forgetPortalToken, portalTokenHints, readPortalToken, storePortalToken } from '@/lib/console/portal-vault';
import { checkRestPath } from '@/lib/console/rest-path';
import { KdFailure } from '@/lib/errors';
import { credentials } from '@/lib/token/service';
import { handle } from './handle';

function badInput(title: string, detail: string, action: string): KdFailure {
  return new KdFailure({ kind: 'bad-message', title, detail, action });
}

function portalOf(url: string): PortalRef {
  const checked = parsePortalUrl(url);
  if (!checked.ok)
    throw badInput('That is not a portal URL', checked.message, 'Copy the URL from the portal’s page in Buildkite.');
  return checked.portal;
}

/** Portals live on portal.buildkite.com, an optional host permission granted from the console page when first used. */
async function ensurePortalPermission(): Promise<void> {
  const granted = await browser.permissions.contains({ origins: [portalPermissionPattern()] });
  if (!granted) {
    throw new KdFailure({
      kind: 'forbidden',
      title: 'Kitedeck may not reach portal.buildkite.com yet',
      detail: 'Running a portal needs permission to send requests to portal.buildkite.com.',
      action: 'Press “Run portal” again and allow the permission when the browser asks.',
    });
  }
}

/** API console. The API token and portal tokens are read here and go only on their own request; replies never hold them. */
export function registerConsoleHandlers(): void {
  handle('consoleGraphQL', async ({ query, variables, operationName }) => {
    const { token } = await credentials();
    return exchange({
      api: 'graphql',
      url: GRAPHQL_URL,
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'Buildkite-Include-Query-Stats': 'true',
      },
      body: graphqlBody({ kind: 'graphql', query, variables, ...(operationName ? { operationName } : {}) }),
    });
  });

  handle('consoleRest', async ({ method, path, body }) => {
    const checked = checkRestPath(path);
    if (!checked.ok)
      throw badInput('That path can’t be sent', checked.message, 'Give a path under /v2, e.g. /v2/user.');
    const sendsBody = method !== 'GET' && body !== undefined && body.trim() !== '';
    if (sendsBody) {
      // The page already says where a body is broken (lib/console/json-input.ts); this is the background's own check.
      try {
        JSON.parse(body);
      } catch {
        throw badInput(
          'The body is not valid JSON',
          'Buildkite’s REST API takes JSON bodies.',
          'Fix the body, or leave it empty.',
        );
      }
    }
    const { token } = await credentials();
    const reply = await exchange({
      api: 'rest',
      url: checked.url,
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(sendsBody ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(sendsBody ? { body } : {}),
    });
    const link = reply.headers.find(([name]) => name.toLowerCase() === 'link')?.[1];
    return { ...reply, links: parseLinkHeader(link) };
  });

  handle('consolePortal', async ({ portalUrl, variables, operationName }) => {
    const portal = portalOf(portalUrl);
    const token = await readPortalToken(portal.key);
    if (!token) {
      throw new KdFailure({
        kind: 'no-token',
        title: 'No portal token for this portal',
        detail: `Kitedeck has no portal token for ${portal.key}. A portal is called with its own token (bkpat_…), never your API token.`,
        action: 'Paste the portal’s token and save it.',
      });
    }
    await ensurePortalPermission();
    return exchange({
      api: 'portal',
      url: portalEndpoint(portal, operationName ?? portal.operationName),
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(variables),
    });
  });

  handle('listPortalTokens', async () => portalTokenHints());
  handle('setPortalToken', async ({ portalUrl, token }) => {
    const portal = portalOf(portalUrl);
    const checked = checkPortalToken(token);
    if (!checked.ok)
      throw badInput('That is not a portal token', checked.message, 'Copy the token from the portal’s Security page.');
    await storePortalToken(portal.key, checked.token);
    return portalTokenHints();
  });
  handle('forgetPortalToken', async ({ portalUrl }) => {
    await forgetPortalToken(portalOf(portalUrl).key);
    return portalTokenHints();
  });
}
