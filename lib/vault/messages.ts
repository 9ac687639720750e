import * as v from 'valibot';
import { message, NoInput } from '../message-spec';
import type { LockStatus } from './vault';

const Passphrase = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));
/** A new passphrase: 8 characters at least (the 600,000 PBKDF2 rounds slow guessing, they don't replace length). */
const NewPassphrase = v.pipe(v.string(), v.minLength(8, 'Use at least 8 characters.'), v.maxLength(1024));
const IdleMinutes = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60));

/** The optional passphrase lock. Extension pages only; no reply ever holds a secret or the passphrase. */
export const vaultMessages = {
  getLockStatus: message<LockStatus>()('extension-page', NoInput),
  unlockVault: message<LockStatus>()('extension-page', v.object({ passphrase: Passphrase })),
  lockVault: message<LockStatus>()('extension-page', NoInput),
  enableLock: message<LockStatus>()(
    'extension-page',
    v.object({ passphrase: NewPassphrase, idleMinutes: IdleMinutes }),
  ),
  disableLock: message<LockStatus>()('extension-page', v.object({ passphrase: Passphrase })),
  setAutoLockMinutes: message<LockStatus>()('extension-page', v.object({ idleMinutes: IdleMinutes })),
};
