import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';

type Summary = { logs: number; bytes: number };

const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** Cached job logs (the extension's IndexedDB, kept 24 hours): how much is kept, and a button to clear it. */
export function LogCacheSection() {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<KdError | null>(null);
  const [note, setNote] = useState('');

  useEffect(() => {
    void messenger.sendMessage('logCacheSummary', undefined).then((reply) => {
      if (reply.ok) setSummary(reply.value);
      else setError(reply.error);
    });
  }, []);

  const clear = async () => {
    setNote('');
    const reply = await messenger.sendMessage('clearLogCache', undefined);
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    setError(null);
    setSummary(reply.value);
    setNote('Cached logs cleared.');
  };

  return (
    <section aria-labelledby="kd-opt-logs">
      <h2 id="kd-opt-logs">Cached logs</h2>
      <p class="kd-muted">
        Job logs Kitedeck fetched for the failure digest, search and the log page are kept on this computer for 24 hours
        (they may hold secrets; they are sent nowhere).
      </p>
      <p>
        {summary === null
          ? 'Reading the cache…'
          : `${summary.logs} log${summary.logs === 1 ? '' : 's'} cached, ${size(summary.bytes)}.`}
      </p>
      <button type="button" onClick={() => void clear()} disabled={summary === null}>
        Clear cached logs
      </button>
      <span role="status" aria-live="polite">
        {note}
      </span>
      {error && <ErrorMessage error={error} />}
    </section>
  );
}
