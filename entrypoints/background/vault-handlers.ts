import { refreshBadge } from '@/lib/badge';
import { runTokenHealthCheck } from '@/lib/token/service';
import { disableLock, enableLock, lock, lockStatus, setIdleMinutes, unlock, type LockStatus } from '@/lib/vault/vault';
import { handle } from './handle';

async function thenBadge(status: Promise<LockStatus>): Promise<LockStatus> {
  const value = await status;
  await refreshBadge();
  return value;
}

/** The passphrase lock: the badge follows every change; an unlock re-checks the token it could not read. */
export function registerVaultHandlers(): void {
  handle('getLockStatus', () => lockStatus());
  handle('unlockVault', async ({ passphrase }) => {
    const status = await thenBadge(unlock(passphrase));
    void runTokenHealthCheck().catch(() => undefined);
    return status;
  });
  handle('lockVault', () => thenBadge(lock()));
  handle('enableLock', ({ passphrase, idleMinutes }) => thenBadge(enableLock(passphrase, idleMinutes)));
  handle('disableLock', ({ passphrase }) => thenBadge(disableLock(passphrase)));
  handle('setAutoLockMinutes', ({ idleMinutes }) => setIdleMinutes(idleMinutes));
}
