import type { TokenHealthReport } from './report';

/** What the toolbar badge shows for the token's health: a problem is visible without opening the popup. */
export interface BadgeState {
  text: string;
  color: string;
  title: string;
}

export const BADGE_RED = '#c62828';
export const BADGE_AMBER = '#b26a00';

export function tokenBadge(report: TokenHealthReport | null, now = Date.now()): BadgeState | null {
  if (!report || report.verdict === 'no-token') {
    return { text: '?', color: BADGE_AMBER, title: 'Kitedeck: no Buildkite token set' };
  }
  switch (report.verdict) {
    case 'invalid':
      return { text: '!', color: BADGE_RED, title: `Kitedeck: ${report.summary}` };
    case 'expired':
      return { text: 'exp', color: BADGE_RED, title: `Kitedeck: ${report.summary}` };
    case 'expiring': {
      const days = report.token?.expiresAt ? Math.max(0, Math.ceil((report.token.expiresAt - now) / 86_400_000)) : 0;
      return { text: `${days}d`, color: BADGE_AMBER, title: `Kitedeck: ${report.summary}` };
    }
    case 'error':
      return { text: '!', color: BADGE_AMBER, title: `Kitedeck: ${report.summary}` };
    default:
      return null;
  }
}
