import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import type { LockStatus } from '@/lib/vault/vault';

const IDLE_CHOICES = [5, 15, 30, 60, 240];

/**
 * Options: "Lock Kitedeck with a passphrase". PBKDF2-SHA256 (600,000 rounds) + AES-GCM seal every secret at rest
 * while locked; auto-lock after the chosen idle time. Turning it off asks for the passphrase.
 */
export function LockSection() {
  const [status, setStatus] = useState<LockStatus | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [idle, setIdle] = useState(15);
  const [error, setError] = useState<KdError | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void messenger.sendMessage('getLockStatus', undefined).then((reply) => {
      if (!reply.ok) return;
      setStatus(reply.value);
      if (reply.value.idleMinutes) setIdle(reply.value.idleMinutes);
    });
  }, []);
  if (!status) return null;

  const done = (reply: { ok: true; value: LockStatus } | { ok: false; error: KdError }, said: string) => {
    setBusy(false);
    if (!reply.ok) return setError(reply.error);
    setError(null);
    setPassphrase('');
    setConfirm('');
    setStatus(reply.value);
    setNote(said);
  };

  return (
    <section aria-labelledby="kd-opt-lock">
      <h2 id="kd-opt-lock">Lock with a passphrase</h2>
      <p>
        Optional. While locked, Kitedeck’s secrets are encrypted at rest, nothing is sent to Buildkite, and the popup
        asks for the passphrase. There is no way to recover a forgotten passphrase: you would paste the token again.
      </p>
      {status.locked ? (
        <p>Kitedeck is locked. Unlock it from the toolbar popup.</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!status.enabled && passphrase !== confirm) {
              return setError({
                kind: 'bad-message',
                title: 'The passphrases differ',
                detail: 'The two passphrases you typed are not the same.',
                action: 'Type the same passphrase in both fields.',
              });
            }
            setBusy(true);
            if (status.enabled) {
              void messenger
                .sendMessage('disableLock', { passphrase })
                .then((reply) => done(reply, 'The lock is off.'));
            } else {
              void messenger
                .sendMessage('enableLock', { passphrase, idleMinutes: idle })
                .then((reply) => done(reply, `Locked with a passphrase; auto-lock after ${idle} minutes idle.`));
            }
          }}
        >
          <label class="kd-field">
            {status.enabled ? 'Current passphrase (to turn the lock off)' : 'New passphrase (8 characters or more)'}
            <input
              type="password"
              autocomplete={status.enabled ? 'current-password' : 'new-password'}
              value={passphrase}
              onInput={(e) => setPassphrase(e.currentTarget.value)}
            />
          </label>
          {!status.enabled && (
            <label class="kd-field">
              Type it again
              <input
                type="password"
                autocomplete="new-password"
                value={confirm}
                onInput={(e) => setConfirm(e.currentTarget.value)}
              />
            </label>
          )}
          <label class="kd-field">
            Lock after this long without use
            <select
              value={String(idle)}
              onChange={(e) => {
                const minutes = Number(e.currentTarget.value);
                setIdle(minutes);
                if (status.enabled) {
                  void messenger
                    .sendMessage('setAutoLockMinutes', { idleMinutes: minutes })
                    .then((reply) => done(reply, `Auto-lock after ${minutes} minutes idle.`));
                }
              }}
            >
              {IDLE_CHOICES.map((minutes) => (
                <option key={minutes} value={String(minutes)}>
                  {minutes < 60 ? `${minutes} minutes` : `${minutes / 60} hour${minutes === 60 ? '' : 's'}`}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || passphrase === ''}>
            {busy ? 'Working…' : status.enabled ? 'Turn the lock off' : 'Lock with this passphrase'}
          </button>
        </form>
      )}
      {note && (
        <p role="status" aria-live="polite">
          {note}
        </p>
      )}
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
