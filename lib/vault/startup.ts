import { browser } from '#imports';
import { refreshBadge } from '../badge';
import { ensureMigrated, lock, AUTO_LOCK_ALARM } from './vault';
import { registerMigration } from './migrate';

/**
 * The vault's part of the background's start: the move out of storage.local (every vault read waits for it too),
 * the auto-lock alarm, and a lock at browser start (the unlocked key never outlives the browser session).
 * Registered synchronously from `main`, like every listener.
 */
export function startVault(): void {
  registerMigration();
  const migrate = () => void ensureMigrated().catch((cause: unknown) => console.error('Kitedeck vault', cause));
  browser.runtime.onInstalled.addListener(migrate);
  browser.runtime.onStartup.addListener(() => {
    void lock().then(refreshBadge, () => undefined);
    migrate();
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === AUTO_LOCK_ALARM) void lock().then(refreshBadge, () => undefined);
  });
  migrate();
}
