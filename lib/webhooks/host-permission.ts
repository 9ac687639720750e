import { browser } from 'wxt/browser';

/**
 * Host access for a webhook target, asked for by an extension PAGE at the moment of use (never up front).
 *
 * `permissions.request` must run inside the click: Firefox forgets the user gesture after an `await`. So the page
 * asks `permissions.contains` ahead of time (when the target changes, `checkHostPermission`), and the click
 * handler calls `ensureHostPermission` first thing: known granted → no prompt; otherwise → `request` (which also
 * resolves `true` without a prompt when the origin turns out to be granted already).
 */
const known = new Map<string, boolean>();

export async function checkHostPermission(originPattern: string): Promise<boolean> {
  const granted = await browser.permissions.contains({ origins: [originPattern] }).catch(() => false);
  known.set(originPattern, granted);
  return granted;
}

export function ensureHostPermission(originPattern: string): Promise<boolean> {
  if (known.get(originPattern) === true) return Promise.resolve(true);
  return browser.permissions
    .request({ origins: [originPattern] })
    .then((granted) => {
      known.set(originPattern, granted);
      return granted;
    })
    .catch(() => false);
}

/** For tests: forget what was learnt. */
export function forgetKnownPermissions(): void {
  known.clear();
}

export function permissionRefusedMessage(originPattern: string): string {
  return `Kitedeck was not allowed to reach ${originPattern}, so nothing was sent. Click Send again and allow it.`;
}
