import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import type { LockStatus } from '@/lib/vault/vault';

/**
 * The popup's unlock form: shown only while Kitedeck is locked with a passphrase. A wrong passphrase keeps the
 * form (and what was typed) with a clear message; nothing is lost. After unlocking, the page reloads so every
 * section reads its state again.
 */
export function UnlockForm() {
  const [status, setStatus] = useState<LockStatus | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<KdError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void messenger.sendMessage('getLockStatus', undefined).then((reply) => reply.ok && setStatus(reply.value));
  }, []);
  if (!status?.enabled) return null;
  if (!status.locked) {
    return (
      <p class="kd-lock-line">
        <button
          type="button"
          onClick={() =>
            void messenger.sendMessage('lockVault', undefined).then((reply) => reply.ok && setStatus(reply.value))
          }
        >
          Lock Kitedeck now
        </button>
      </p>
    );
  }
  return (
    <section class="kd-unlock" aria-labelledby="kd-unlock-title">
      <h2 id="kd-unlock-title">Locked</h2>
      <p>Kitedeck’s secrets are encrypted with your passphrase. Nothing is sent to Buildkite until you unlock.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          void messenger.sendMessage('unlockVault', { passphrase }).then((reply) => {
            setBusy(false);
            if (!reply.ok) return setError(reply.error);
            setError(null);
            setPassphrase('');
            setStatus(reply.value);
            location.reload();
          });
        }}
      >
        <label for="kd-unlock-passphrase">Passphrase</label>
        <input
          id="kd-unlock-passphrase"
          type="password"
          autocomplete="current-password"
          value={passphrase}
          onInput={(e) => setPassphrase(e.currentTarget.value)}
          aria-invalid={error ? 'true' : undefined}
          required
        />
        <button type="submit" class="kd-primary" disabled={busy || passphrase === ''}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
