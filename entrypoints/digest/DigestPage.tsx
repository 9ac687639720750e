import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { chipState, StateChip } from '@/components/StateChip';
import type { KdError } from '@/lib/errors';
import type { DigestJob, FailureDigest } from '@/lib/logs/digest';
import { logPageUrl, refFromSearch } from '@/lib/logs/urls';
import type { BuildRef } from '@/lib/builds/model';
import { messenger } from '@/lib/messenger';
import { Annotation } from './Annotation';
import { Downloads } from './Downloads';
import { SearchPanel } from './SearchPanel';

type State = { kind: 'loading' } | { kind: 'error'; error: KdError } | { kind: 'ready'; digest: FailureDigest };

const duration = (ms: number | null) => {
  if (ms === null) return null;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
};

const jobName = (job: { label: string | null; id: string }) => job.label ?? `Job ${job.id.slice(0, 8)}`;

/** "Why did it fail?": the failure digest, a search across every log, and downloads, for one build. */
export function DigestPage({ search }: { search: string }) {
  const ref = refFromSearch(search);
  const [softFailed, setSoftFailed] = useState(false);
  const [tailBytes, setTailBytes] = useState<number | undefined>(undefined);
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    if (!ref) return;
    document.title = `Why did ${ref.pipeline} #${ref.number} fail? – Kitedeck`;
    let live = true;
    setState({ kind: 'loading' });
    void messenger
      .sendMessage('getFailureDigest', { ...ref, softFailed, ...(tailBytes ? { tailBytes } : {}) })
      .then((reply) => {
        if (!live) return;
        setState(reply.ok ? { kind: 'ready', digest: reply.value } : { kind: 'error', error: reply.error });
      });
    return () => {
      live = false;
    };
  }, [ref?.org, ref?.pipeline, ref?.number, softFailed, tailBytes]);

  if (!ref) {
    return (
      <main class="kd-digest">
        <h1>Why did it fail?</h1>
        <p role="alert">This page needs a build: open it from a build page, a notification or the palette.</p>
      </main>
    );
  }
  return (
    <main class="kd-digest">
      <header>
        <h1>
          Why did {ref.pipeline} #{ref.number} fail?
        </h1>
        {state.kind === 'ready' && (
          <p class="kd-muted kd-digest-build">
            <BuildState word={state.digest.build.state} /> {ref.org}/{ref.pipeline} ·{' '}
            <a href={state.digest.build.webUrl}>Open the build on Buildkite</a>
          </p>
        )}
      </header>
      <section aria-labelledby="kd-digest-title">
        <h2 id="kd-digest-title">Failure digest</h2>
        <label class="kd-inline">
          <input type="checkbox" checked={softFailed} onChange={(e) => setSoftFailed(e.currentTarget.checked)} />{' '}
          Include soft-failed jobs
        </label>
        {state.kind === 'loading' && <p role="status">Reading the failed jobs and their logs…</p>}
        {state.kind === 'error' && <ErrorMessage error={state.error} />}
        {state.kind === 'ready' && (
          <DigestBody ref_={ref} digest={state.digest} onMore={() => setTailBytes(1024 * 1024)} more={!tailBytes} />
        )}
      </section>
      <SearchPanel buildRef={ref} />
      <Downloads buildRef={ref} />
    </main>
  );
}

/** The build's state as the chip every page uses; a word Buildkite may add later stays a word. */
function BuildState({ word }: { word: string }) {
  const state = chipState(word);
  return state ? <StateChip state={state} /> : <span>build state {word} ·</span>;
}

function DigestBody({
  ref_,
  digest,
  onMore,
  more,
}: {
  ref_: BuildRef;
  digest: FailureDigest;
  onMore: () => void;
  more: boolean;
}) {
  const byId = new Map(digest.jobs.map((job) => [job.id, job]));
  const grouped = new Set(digest.groups.filter((g) => g.jobIds.length > 1).flatMap((g) => g.jobIds));
  return (
    <>
      {digest.annotations.length > 0 && (
        <div class="kd-annotations" aria-label="Annotations">
          {digest.annotations.map((a) => (
            <Annotation key={a.id} annotation={a} />
          ))}
        </div>
      )}
      {digest.jobs.length === 0 ? (
        <p role="status">No failed jobs in this build.</p>
      ) : (
        <p role="status">
          {digest.jobs.length} failed job{digest.jobs.length === 1 ? '' : 's'}
          {digest.notFetched ? ` (the logs of ${digest.notFetched} were not fetched)` : ''}.
        </p>
      )}
      {digest.groups
        .filter((g) => g.jobIds.length > 1)
        .map((group, i) => (
          <article class="kd-group" key={`g${i}`} aria-label={`Same failure in ${group.jobIds.length} jobs`}>
            <h3>
              The same {group.lines.length} line{group.lines.length === 1 ? '' : 's'} failed in {group.jobIds.length}{' '}
              jobs
            </h3>
            <ErrorLines ref_={ref_} jobId={group.jobIds[0]!} lines={group.lines} whole={false} />
            <ul class="kd-job-links">
              {group.jobIds.map((id) => {
                const job = byId.get(id)!;
                return (
                  <li key={id}>
                    <JobSummary job={job} />
                  </li>
                );
              })}
            </ul>
          </article>
        ))}
      {digest.jobs
        .filter((job) => !grouped.has(job.id))
        .map((job) => (
          <article class="kd-failed-job" key={job.id} aria-label={`Failed job ${jobName(job)}`}>
            <h3>
              <JobSummary job={job} />
            </h3>
            <JobLogPart ref_={ref_} job={job} />
          </article>
        ))}
      {more && digest.jobs.length > 0 && (
        <button type="button" onClick={onMore}>
          Fetch more of each log (last 1 MiB)
        </button>
      )}
    </>
  );
}

function JobSummary({ job }: { job: DigestJob }) {
  const facts = [
    job.softFailed ? 'soft failed' : job.state.replace('_', ' '),
    job.exitStatus !== null ? `exit status ${job.exitStatus}` : null,
    job.signal ? `signal ${job.signal}` : null,
    job.signalReason ? `reason ${job.signalReason.replace(/_/g, ' ')}` : null,
    duration(job.durationMs),
    job.attempts.length ? `attempt ${job.attempts.length + 1}` : null,
  ].filter(Boolean);
  return (
    <span class="kd-job-summary">
      <a href={job.webUrl}>{jobName(job)}</a> <span class="kd-muted">{facts.join(' · ')}</span>
      {job.infrastructure && (
        <span class="kd-badge" title="Same rules as Kitedeck’s retry preview">
          {' '}
          looks like an infrastructure failure
        </span>
      )}
      {job.attempts.length > 0 && (
        <span class="kd-muted">
          {' '}
          (earlier: {job.attempts.map((a) => `${a.state}${a.exitStatus !== null ? ` ${a.exitStatus}` : ''}`).join(', ')}
          )
        </span>
      )}
    </span>
  );
}

function JobLogPart({ ref_, job }: { ref_: BuildRef; job: DigestJob }) {
  if (!job.log) return <p class="kd-muted">Log not fetched.</p>;
  if ('error' in job.log) return <ErrorMessage error={job.log.error} />;
  const whole = job.log.start === 0;
  return (
    <>
      {job.log.errors.length > 0 ? (
        <ErrorLines ref_={ref_} jobId={job.id} lines={job.log.errors} whole={whole} />
      ) : (
        <p class="kd-muted">No line looks like an error; the end of the log:</p>
      )}
      <details open={job.log.errors.length === 0}>
        <summary>Last lines{whole ? '' : ' (of the fetched tail)'}</summary>
        <pre class="kd-lines">{job.log.tail.map((l) => l.text).join('\n')}</pre>
      </details>
      <a href={logPageUrl(ref_, job.id)}>Open the whole log</a>
    </>
  );
}

function ErrorLines({
  ref_,
  jobId,
  lines,
  whole,
}: {
  ref_: BuildRef;
  jobId: string;
  lines: readonly { n: number; text: string }[];
  whole: boolean;
}) {
  return (
    <ol class="kd-error-lines" aria-label="Error lines">
      {lines.map((line) => (
        <li key={line.n}>
          {whole ? (
            <a class="kd-line-no" href={logPageUrl(ref_, jobId, line.n)} aria-label={`Line ${line.n}`}>
              {line.n}
            </a>
          ) : null}
          <code>{line.text}</code>
        </li>
      ))}
    </ol>
  );
}
