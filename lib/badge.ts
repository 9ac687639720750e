import { browser } from '#imports';
import { tokenBadge } from './token/badge';
import { healthReportItem } from './token/report-store';
import { watchBadge } from './watch/badge';
import { watchListItem } from './watch/store';

/**
 * The toolbar badge. One owner, so features don't fight over it: a token problem shows first; otherwise the
 * number of watched builds running (red when one failed).
 */
export async function refreshBadge(): Promise<void> {
  const report = await healthReportItem.getValue();
  const badge = tokenBadge(report) ?? watchBadge(await watchListItem.getValue());
  await browser.action.setBadgeText({ text: badge?.text ?? '' });
  if (badge) {
    await browser.action.setBadgeBackgroundColor({ color: badge.color });
    await browser.action.setTitle({ title: badge.title });
  } else {
    await browser.action.setTitle({ title: 'Kitedeck' });
  }
}
