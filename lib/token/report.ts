import type { KdError } from '../errors';
import type { FeatureVerdict } from './features';

/** The token health report: plain data, stored (without the token) and shown by the popup and the panel. */
export type Verdict = 'ok' | 'warning' | 'expiring' | 'invalid' | 'expired' | 'error' | 'no-token';
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface HealthCheck {
  id: 'valid' | 'expiry' | 'graphql' | 'organizations';
  status: CheckStatus;
  title: string;
  detail: string;
  error?: KdError;
}

export interface TokenFacts {
  uuid: string;
  description: string | null;
  createdAt: number | null;
  expiresAt: number | null;
  scopes: string[];
  owner: { name: string | null; email: string | null };
  prefixed: boolean;
}

export interface TokenHealthReport {
  checkedAt: number;
  verdict: Verdict;
  /** One sentence for the top of the popup and the badge tooltip. */
  summary: string;
  formatNote?: string;
  token: TokenFacts | null;
  checks: HealthCheck[];
  features: FeatureVerdict[];
  organizations: { slug: string; name: string }[];
  graphqlEnabled: boolean | null;
  newTokenUrl: string;
  /** The diagnosed reason when the token could not be checked or used. */
  problem?: KdError;
}

export const EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000;

/** Human countdown: "3 days 4 hours", "45 minutes", "expired". */
export function describeCountdown(expiresAt: number, now = Date.now()): string {
  const ms = expiresAt - now;
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} hour${hours === 1 ? '' : 's'}` : ''}`;
  if (hours >= 1) return `${hours} hour${hours === 1 ? '' : 's'} ${minutes % 60} min`;
  const shown = Math.max(1, minutes);
  return `${shown} minute${shown === 1 ? '' : 's'}`;
}

/** The in-page panel gets only this: whether the token works, never the token. */
export interface TokenStatusSummary {
  verdict: Verdict;
  summary: string;
  scopes: string[];
  checkedAt: number | null;
}

export function summarise(report: TokenHealthReport | null): TokenStatusSummary {
  if (!report)
    return {
      verdict: 'no-token',
      summary: 'No token set. Open Kitedeck’s popup to add one.',
      scopes: [],
      checkedAt: null,
    };
  return {
    verdict: report.verdict,
    summary: report.summary,
    scopes: report.token?.scopes ?? [],
    checkedAt: report.checkedAt,
  };
}
