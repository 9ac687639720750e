import { describe, expect, it } from 'vitest';
import {
  checkPortalToken,
  maskToken,
  parsePortalUrl,
  portalEndpoint,
  portalPermissionPattern,
} from '@/lib/console/portal';

describe('parsePortalUrl', () => {
  it('reads org, portal and an optional operation_name', () => {
    expect(parsePortalUrl(' https://portal.buildkite.com/organizations/acme/portals/latest-builds ')).toEqual({
      ok: true,
      portal: { org: 'acme', portal: 'latest-builds', key: 'acme/latest-builds' },
    });
    expect(
      parsePortalUrl('https://portal.buildkite.com/organizations/acme/portals/p/?operation_name=GetBuilds'),
    ).toMatchObject({
      ok: true,
      portal: { operationName: 'GetBuilds' },
    });
  });

  it.each([
    'portal.buildkite.com/organizations/acme/portals/p',
    'http://portal.buildkite.com/organizations/acme/portals/p',
    'https://portal.buildkite.com.evil.example/organizations/acme/portals/p',
    'https://user:pw@portal.buildkite.com/organizations/acme/portals/p',
    'https://api.buildkite.com/organizations/acme/portals/p',
    'https://portal.buildkite.com/organizations/acme/portals',
    'https://portal.buildkite.com/organizations/acme/portals/p/tokens',
    'https://portal.buildkite.com/organizations/../portals/p',
    'https://portal.buildkite.com/organizations/acme/portals/p?operation_name=1bad',
  ])('refuses %s', (input) => {
    expect(parsePortalUrl(input).ok).toBe(false);
  });
});

describe('portalEndpoint', () => {
  it('maps the real URL onto the configured base (the fake in e2e builds)', () => {
    const parsed = parsePortalUrl('https://portal.buildkite.com/organizations/acme/portals/latest-builds');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(portalEndpoint(parsed.portal, undefined, 'http://127.0.0.1:4050/portal')).toBe(
      'http://127.0.0.1:4050/portal/organizations/acme/portals/latest-builds',
    );
    expect(portalEndpoint(parsed.portal, 'OrgName', 'https://portal.buildkite.com')).toBe(
      'https://portal.buildkite.com/organizations/acme/portals/latest-builds?operation_name=OrgName',
    );
  });

  it('asks for a port-less host permission', () => {
    expect(portalPermissionPattern('https://portal.buildkite.com')).toBe('https://portal.buildkite.com/*');
    expect(portalPermissionPattern('http://127.0.0.1:4050/portal')).toBe('http://127.0.0.1/*');
  });
});

describe('checkPortalToken', () => {
  it('accepts bkpat_ tokens and masks them', () => {
    const token = 'bkpat_kitedeck0fake0portal0token0latest0builds0000000000';
    expect(checkPortalToken(`  ${token}\n`)).toEqual({ ok: true, token });
    expect(maskToken(token)).toBe('bkpat_…0000');
  });

  it.each([
    ['bkua_full0kitedeck0fake0token0aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'API access token'],
    ['bkps_secret', 'starts with bkpat_'],
    ['', 'starts with bkpat_'],
    ['bkpat_short', 'whole portal token'],
    ['bkpat_has spaces inside it', 'whole portal token'],
  ])('refuses %j', (input, reason) => {
    const result = checkPortalToken(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(reason);
  });
});
