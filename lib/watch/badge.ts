import type { BadgeState } from '../token/badge';
import { RUNNING_STATES, type WatchedBuild } from './model';

export const WATCH_BADGE_BLUE = '#3b5bdb';
export const WATCH_BADGE_RED = '#c62828';

/** The number of watched builds running; red when a watched build has failed (or is failing). */
export function watchBadge(list: readonly WatchedBuild[]): BadgeState | null {
  const live = list.filter((build) => build.end === null);
  const running = live.filter((build) => build.state !== null && RUNNING_STATES.has(build.state)).length;
  const failed = live.filter((build) => build.state === 'failed' || build.state === 'failing').length;
  if (running === 0 && failed === 0) return null;
  const parts = [`${running} watched build${running === 1 ? '' : 's'} running`];
  if (failed) parts.push(`${failed} failed`);
  return {
    text: running > 0 ? String(running) : '✕',
    color: failed ? WATCH_BADGE_RED : WATCH_BADGE_BLUE,
    title: `Kitedeck: ${parts.join(', ')}`,
  };
}
