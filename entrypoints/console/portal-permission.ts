import { browser } from 'wxt/browser';
import { portalPermissionPattern } from '@/lib/console/portal';

/**
 * portal.buildkite.com is an optional host permission. `permissions.request` must run inside the click that needs
 * it, so the page learns up front whether it is granted and asks synchronously in the click only when it is not.
 */
let granted: boolean | null = null;

export async function loadPortalPermission(): Promise<void> {
  granted = await browser.permissions.contains({ origins: [portalPermissionPattern()] }).catch(() => false);
}

/** Call from a click handler: asks for the permission when needed (in the same gesture), then runs `action`. */
export function withPortalPermission(action: () => Promise<void>, denied: () => void): void {
  if (granted) {
    void action();
    return;
  }
  void browser.permissions.request({ origins: [portalPermissionPattern()] }).then(
    (ok) => {
      granted = ok;
      if (ok) void action();
      else denied();
    },
    () => denied(),
  );
}
