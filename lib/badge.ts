import { browser } from '#imports';
import { tokenBadge } from './token/badge';
import { lockStatus } from './vault/vault';
import { healthReportItem } from './token/report-store';
import { watchBadge } from './watch/badge';
import { watchListItem } from './watch/store';

const LOCKED_BADGE = { text: 'lock', color: '#455a64', title: 'Kitedeck: Locked. Open the popup to unlock.' };

/**
 * The toolbar badge. One owner, so features don't fight over it: a lock shows first, then a token problem; otherwise the
 * number of watched builds running (red when one failed).
 */
export async function refreshBadge(): Promise<void> {
  const report = await healthReportItem.getValue();
  const locked = (await lockStatus().catch(() => null))?.locked === true;
  const badge = locked ? LOCKED_BADGE : (tokenBadge(report) ?? watchBadge(await watchListItem.getValue()));
  await browser.action.setBadgeText({ text: badge?.text ?? '' });
  if (badge) {
    await browser.action.setBadgeBackgroundColor({ color: badge.color });
    await browser.action.setTitle({ title: badge.title });
  } else {
    await browser.action.setTitle({ title: 'Kitedeck' });
  }
}
