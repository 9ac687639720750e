import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { stripAnsi } from '@/lib/ansi';
import type { JobLogRecord } from '@/lib/builds/job-log';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import { safeBuildkiteUrl } from '@/lib/safe-url';

type State =
  | { kind: 'loading' }
  | { kind: 'gone' }
  | { kind: 'error'; error: KdError }
  | { kind: 'ready'; log: JobLogRecord };

/** A job's raw log as plain text (ANSI escapes stripped), with a copy button and a link back to the job. */
export function JobLog({ search }: { search: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [copied, setCopied] = useState('');
  const key = new URLSearchParams(search).get('key') ?? '';

  useEffect(() => {
    void (async () => {
      const reply = await messenger.sendMessage('getJobLog', { key });
      if (!reply.ok) setState({ kind: 'error', error: reply.error });
      else if (reply.value === null) setState({ kind: 'gone' });
      else {
        setState({ kind: 'ready', log: reply.value });
        document.title = `Log of ${reply.value.jobLabel ?? 'job'} (#${reply.value.number}) – Kitedeck`;
      }
    })();
  }, [key]);

  const text = useMemo(() => (state.kind === 'ready' ? stripAnsi(state.log.text) : ''), [state]);

  if (state.kind === 'loading')
    return (
      <main class="kd-job-log">
        <p role="status">Loading the log…</p>
      </main>
    );
  if (state.kind === 'error')
    return (
      <main class="kd-job-log">
        <h1>Job log</h1>
        <ErrorMessage error={state.error} />
      </main>
    );
  if (state.kind === 'gone') {
    return (
      <main class="kd-job-log">
        <h1>Job log</h1>
        <p role="alert">
          This log is no longer kept (Kitedeck keeps the last few while the browser is open). Open it again from the
          build page.
        </p>
      </main>
    );
  }
  const { log } = state;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied');
    } catch {
      setCopied('Could not copy: select the text and copy it by hand.');
    }
  };
  return (
    <main class="kd-job-log">
      <header>
        <h1>Log of {log.jobLabel ?? 'job'}</h1>
        <p class="kd-muted">
          {log.org}/{log.pipeline} #{log.number} · fetched {new Date(log.fetchedAt).toLocaleTimeString()}
        </p>
      </header>
      <div class="kd-actions">
        <button type="button" onClick={() => void copy()}>
          Copy log
        </button>
        <a href={safeBuildkiteUrl(log.jobUrl) ?? undefined}>Back to the job on Buildkite</a>
        <span role="status" aria-live="polite">
          {copied}
        </span>
      </div>
      {log.truncated && (
        <p class="kd-note">
          Only the last part of the log is shown
          {log.totalBytes ? ` (${Math.round(log.totalBytes / 1024)} KiB in all)` : ''}. Open the job on Buildkite for
          the whole log.
        </p>
      )}
      <pre class="kd-log" aria-label="Log" tabIndex={0}>
        {text || '(empty log)'}
      </pre>
    </main>
  );
}
