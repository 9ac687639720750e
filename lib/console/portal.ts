/**
 * Portals: `https://portal.buildkite.com/organizations/{org}/portals/{portal}`, invoked with POST, the
 * variables object as the JSON body, `?operation_name=` to pick one operation, and `Authorization: Bearer bkpat_…`.
 * The URL the user pastes is always the real form; it is mapped onto `PORTAL_BASE` (a loopback fake in e2e builds).
 */
import { PORTAL_BASE } from '../config';

export const PORTAL_ORIGIN = 'https://portal.buildkite.com';
/** The host permission portals need (`https://portal.buildkite.com/*`; optional, asked for at the moment of use). */
export function portalPermissionPattern(base: string = PORTAL_BASE): string {
  const url = new URL(base);
  // Port-less: Firefox does not honour ports in host patterns (the e2e fake runs on a loopback port).
  return `${url.protocol}//${url.hostname}/*`;
}

export interface PortalRef {
  org: string;
  portal: string;
  /** `org/portal`, the key portal tokens are stored under. */
  key: string;
  operationName?: string;
}

const SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/i;
const OPERATION = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

export type PortalCheck = { ok: true; portal: PortalRef } | { ok: false; message: string };

export function parsePortalUrl(input: string): PortalCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return {
      ok: false,
      message: `Paste the portal’s URL, e.g. ${PORTAL_ORIGIN}/organizations/acme/portals/latest-builds.`,
    };
  }
  if (url.origin !== PORTAL_ORIGIN || url.username || url.password) {
    return { ok: false, message: `A portal URL starts with ${PORTAL_ORIGIN}/organizations/.` };
  }
  const match = /^\/organizations\/([^/]+)\/portals\/([^/]+)\/?$/.exec(url.pathname);
  if (!match || !SLUG.test(match[1] ?? '') || !SLUG.test(match[2] ?? '')) {
    return { ok: false, message: 'The path must be /organizations/{org}/portals/{portal}.' };
  }
  const org = match[1] ?? '';
  const portal = match[2] ?? '';
  const operationName = url.searchParams.get('operation_name') ?? undefined;
  if (operationName !== undefined && !OPERATION.test(operationName)) {
    return { ok: false, message: 'operation_name must be a GraphQL operation name.' };
  }
  return { ok: true, portal: { org, portal, key: `${org}/${portal}`, ...(operationName ? { operationName } : {}) } };
}

/** Where the request goes: the portal path on `base`, with `operation_name` when one is chosen. */
export function portalEndpoint(ref: PortalRef, operationName = ref.operationName, base: string = PORTAL_BASE): string {
  const url = new URL(`${base}/organizations/${encodeURIComponent(ref.org)}/portals/${encodeURIComponent(ref.portal)}`);
  if (operationName) url.searchParams.set('operation_name', operationName);
  return url.href;
}

export type PortalTokenCheck = { ok: true; token: string } | { ok: false; message: string };

/** Portal tokens are `bkpat_…`; an API token (`bkua_`) is refused here. */
export function checkPortalToken(input: string): PortalTokenCheck {
  const token = input.trim();
  if (token.startsWith('bkua_') || token.startsWith('bktx_')) {
    return { ok: false, message: 'That is an API access token. A portal needs its own portal token (bkpat_…).' };
  }
  if (!token.startsWith('bkpat_')) return { ok: false, message: 'A portal token starts with bkpat_.' };
  if (!/^bkpat_[A-Za-z0-9_-]{8,500}$/.test(token)) {
    return { ok: false, message: 'That does not look like a whole portal token: copy it again.' };
  }
  return { ok: true, token };
}

/** `bkpat_…wxyz`: enough to recognise a token, not to use it. */
export function maskToken(token: string): string {
  return `${token.slice(0, 6)}…${token.slice(-4)}`;
}
