import { useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { BuildRef } from '@/lib/builds/model';
import type { KdError } from '@/lib/errors';
import { compileQuery } from '@/lib/logs/search';
import { searchLogs, type JobHits } from '@/lib/logs/search-run';
import { logPageUrl } from '@/lib/logs/urls';
import { messenger } from '@/lib/messenger';
import { fetchWholeLog } from './fetch-log';

type Status =
  | { kind: 'idle' }
  | { kind: 'bad'; message: string }
  | { kind: 'error'; error: KdError }
  | { kind: 'running'; searched: number; total: number }
  | { kind: 'done'; searched: number; total: number; stopped: boolean; capped: boolean };

/** Search every log of the build: results stream in as logs arrive; Stop ends it. */
export function SearchPanel({ buildRef }: { buildRef: BuildRef }) {
  const [text, setText] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [results, setResults] = useState<JobHits[]>([]);
  const [failures, setFailures] = useState<{ label: string; error: KdError }[]>([]);
  const abort = useRef<AbortController | null>(null);

  const run = async (event: Event) => {
    event.preventDefault();
    abort.current?.abort();
    const compiled = compileQuery({ text, regex, caseSensitive });
    if (!compiled.ok) {
      setStatus({ kind: 'bad', message: compiled.message });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setResults([]);
    setFailures([]);
    const list = await messenger.sendMessage('listLogJobs', buildRef);
    if (!list.ok) {
      setStatus({ kind: 'error', error: list.error });
      return;
    }
    const jobs = list.value.jobs;
    let searched = 0;
    setStatus({ kind: 'running', searched, total: jobs.length });
    const done = await searchLogs(jobs, (job) => fetchWholeLog(buildRef, job), compiled.pattern, {
      signal: controller.signal,
      onHits: (result) => {
        searched++;
        setStatus({ kind: 'running', searched, total: jobs.length });
        if (result.hits.length) setResults((current) => [...current, result]);
      },
      onError: (job, cause) =>
        setFailures((current) => [
          ...current,
          { label: job.label ?? job.id, error: (cause as { error?: KdError }).error ?? toError(cause) },
        ]),
    });
    if (abort.current === controller)
      setStatus({ kind: 'done', searched, total: jobs.length, stopped: done.stopped, capped: done.capped });
  };

  const hitCount = results.reduce((sum, r) => sum + r.hits.length, 0);
  return (
    <section aria-labelledby="kd-search-title">
      <h2 id="kd-search-title">Search every log</h2>
      <form class="kd-search-form" onSubmit={(e) => void run(e)} role="search">
        <label>
          Search for{' '}
          <input
            type="search"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            aria-describedby="kd-search-status"
          />
        </label>
        <label class="kd-inline">
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.currentTarget.checked)} /> Regular
          expression
        </label>
        <label class="kd-inline">
          <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.currentTarget.checked)} />{' '}
          Match case
        </label>
        <button type="submit">Search</button>
        {status.kind === 'running' && (
          <button type="button" onClick={() => abort.current?.abort()}>
            Stop
          </button>
        )}
      </form>
      <p id="kd-search-status" role="status" aria-live="polite">
        {status.kind === 'running' &&
          `Searching… ${status.searched} of ${status.total} logs, ${hitCount} matching lines`}
        {status.kind === 'done' &&
          `${status.stopped ? 'Stopped' : status.capped ? 'Stopped at the first' : 'Done'}: ${hitCount} matching line${hitCount === 1 ? '' : 's'} in ${results.length} job${results.length === 1 ? '' : 's'} (${status.searched} of ${status.total} logs searched)${status.capped ? '. Narrow the search to see the rest.' : ''}`}
      </p>
      {status.kind === 'bad' && (
        <p class="kd-error" role="alert">
          {status.message}
        </p>
      )}
      {status.kind === 'error' && <ErrorMessage error={status.error} />}
      {failures.map((f, i) => (
        <div key={i}>
          <p class="kd-muted">{f.label}:</p>
          <ErrorMessage error={f.error} />
        </div>
      ))}
      <ul class="kd-search-results" aria-label="Search results">
        {results.map((result) =>
          result.hits.map((hit) => (
            <li key={`${result.job.id}:${hit.line}`}>
              <a href={logPageUrl(buildRef, result.job.id, hit.line)}>
                {result.job.label ?? result.job.id} · line {hit.line}
              </a>
              <pre class="kd-lines">
                {hit.before.map((line) => `${line}\n`).join('')}
                <span class="kd-hit-line">
                  {hit.text.slice(0, hit.start)}
                  <mark>{hit.text.slice(hit.start, hit.end)}</mark>
                  {hit.text.slice(hit.end)}
                </span>
                {hit.after.map((line) => `\n${line}`).join('')}
              </pre>
            </li>
          )),
        )}
      </ul>
    </section>
  );
}

const toError = (cause: unknown): KdError => ({
  kind: 'network',
  title: 'The log could not be read',
  detail: cause instanceof Error ? cause.message : String(cause),
  action: 'Try the search again.',
});
