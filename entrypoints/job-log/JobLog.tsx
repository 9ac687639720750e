import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { KdError } from '@/lib/errors';
import { plainText } from '@/lib/logs/ansi';
import { byteLength, nextPiece } from '@/lib/logs/follow';
import { groupOf, visibleLines } from '@/lib/logs/groups';
import { compileQuery, searchLog } from '@/lib/logs/search';
import { refFromSearch } from '@/lib/logs/urls';
import { messenger } from '@/lib/messenger';
import { useLogIndex } from './use-log-index';
import { VirtualLog } from './VirtualLog';

interface Loaded {
  title: string;
  subtitle: string;
  jobUrl: string;
  text: string;
  /** Byte of the whole log where `text` starts (> 0: only the tail is shown). */
  start: number;
  totalBytes: number | null;
  /** A running job: the page can follow it. */
  running: boolean;
}

type State =
  | { kind: 'loading' }
  | { kind: 'gone' }
  | { kind: 'error'; error: KdError }
  | { kind: 'ready'; log: Loaded };

const FOLLOW_TAIL = 256 * 1024;
const RUNNING_TAIL = 2 * 1024 * 1024;
const FOLLOW_EVERY_MS = 3000;

const lineFromHash = (hash: string) => {
  const match = /^#L(\d+)$/.exec(hash);
  return match ? Number(match[1]) : null;
};

async function load(search: string): Promise<State> {
  const params = new URLSearchParams(search);
  const key = params.get('key');
  if (key) {
    // A log the build page's "Open raw log" kept (lib/builds/job-log.ts).
    const reply = await messenger.sendMessage('getJobLog', { key });
    if (!reply.ok) return { kind: 'error', error: reply.error };
    if (!reply.value) return { kind: 'gone' };
    const r = reply.value;
    return {
      kind: 'ready',
      log: {
        title: `Log of ${r.jobLabel ?? 'job'}`,
        subtitle: `${r.org}/${r.pipeline} #${r.number} · fetched ${new Date(r.fetchedAt).toLocaleTimeString()}`,
        jobUrl: r.jobUrl,
        text: r.text,
        start: r.truncated && r.totalBytes ? r.totalBytes - byteLength(r.text) : 0,
        totalBytes: r.totalBytes,
        running: false,
      },
    };
  }
  const ref = refFromSearch(search);
  const jobId = params.get('job') ?? '';
  if (!ref || !/^[0-9a-f-]{36}$/i.test(jobId)) return { kind: 'gone' };
  const jobs = await messenger.sendMessage('listLogJobs', ref);
  if (!jobs.ok) return { kind: 'error', error: jobs.error };
  const job = jobs.value.jobs.find((j) => j.id === jobId);
  if (!job) return { kind: 'gone' };
  const piece = await messenger.sendMessage('readJobLog', {
    ...ref,
    jobId,
    tailBytes: job.final ? null : RUNNING_TAIL,
    final: job.final,
  });
  if (!piece.ok) return { kind: 'error', error: piece.error };
  // The bench measures from here to the first painted rows (tests/bench/logs.bench.ts).
  performance.mark('kd-log-text');
  return {
    kind: 'ready',
    log: {
      title: `Log of ${job.label ?? 'job'}`,
      subtitle: `${ref.org}/${ref.pipeline} #${ref.number} · ${job.state}`,
      jobUrl: job.webUrl,
      text: piece.value.text,
      start: piece.value.start,
      totalBytes: piece.value.totalBytes,
      running: !job.final,
    },
  };
}

/**
 * A job's log, readable: ANSI colours, Buildkite's groups (collapsible), `_bk;t=` times, line numbers with
 * permalinks (`#L123`), find-in-log, following a running job (with a pause), and virtualised rows.
 */
export function JobLog({ search }: { search: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    void load(search).then((next) => {
      setState(next);
      if (next.kind === 'ready') document.title = `${next.log.title} – Kitedeck`;
    });
  }, [search]);

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
  if (state.kind === 'gone')
    return (
      <main class="kd-job-log">
        <h1>Job log</h1>
        <p role="alert">This log is not available any more. Open it again from the build page.</p>
      </main>
    );
  return <LogView initial={state.log} search={search} />;
}

function LogView({ initial, search }: { initial: Loaded; search: string }) {
  const [log, setLog] = useState(initial);
  // Indexed a slice at a time, not parsed: each line is parsed when it is shown, and the first rows paint
  // before the rest of the log is read.
  const { index: lines, reading } = useLogIndex(log.text);
  const groups = lines.groups;
  const headerGroup = useMemo(() => new Map(groups.map((g, i) => [g.start, i])), [groups]);
  const [open, setOpen] = useState<boolean[]>(() => groups.map((g) => g.open));
  const [target, setTarget] = useState<number | null>(null);
  const [find, setFind] = useState('');
  const [matches, setMatches] = useState<number[]>([]);
  const [matchAt, setMatchAt] = useState(-1);
  const [following, setFollowing] = useState(log.running);
  const [followError, setFollowError] = useState<KdError | null>(null);
  const [copied, setCopied] = useState('');
  const hasTimes = lines.hasTimes;
  const [showTimes, setShowTimes] = useState(true);
  /** Bytes of the log the page has (for following); counted when following starts, not on every render. */
  const endByte = useRef<number | null>(null);

  // New groups (from a followed log) start as Buildkite says.
  useEffect(() => {
    setOpen((current) => groups.map((g, i) => current[i] ?? g.open));
  }, [groups]);

  const reveal = (index: number) => {
    const g = groupOf(groups, index);
    if (g >= 0 && !open[g] && groups[g]!.start !== index) {
      setOpen((current) => current.map((o, i) => (i === g ? true : o)));
    }
    setTarget(index);
  };

  // `#L123`: open its group and scroll to it; follow later hash changes too.
  useEffect(() => {
    const go = () => {
      const n = lineFromHash(location.hash);
      if (n !== null && n >= 1 && n <= lines.count) reveal(n - 1);
    };
    go();
    window.addEventListener('hashchange', go);
    return () => window.removeEventListener('hashchange', go);
  }, [lines.count, groups]);

  // Groups found since the last render start as Buildkite says until `open` catches up.
  const visible = useMemo(
    () =>
      visibleLines(
        lines.count,
        groups,
        groups.map((g, i) => open[i] ?? g.open),
      ),
    [lines.count, groups, open],
  );
  const matchSet = useMemo(() => new Set(matches), [matches]);

  // Follow a running job: poll the tail, append what is new; stop when paused or when the job ends.
  useEffect(() => {
    if (!following) return;
    const params = new URLSearchParams(search);
    const ref = refFromSearch(search);
    const jobId = params.get('job');
    if (!ref || !jobId) return;
    endByte.current ??= initial.start + byteLength(initial.text);
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const jobs = await messenger.sendMessage('listLogJobs', ref);
      const job = jobs.ok ? jobs.value.jobs.find((j) => j.id === jobId) : undefined;
      const reply = await messenger.sendMessage('readJobLog', {
        ...ref,
        jobId,
        tailBytes: FOLLOW_TAIL,
        final: false,
      });
      if (!live) return;
      if (!reply.ok) {
        setFollowError(reply.error);
        setFollowing(false);
        return;
      }
      setFollowError(null);
      const step = nextPiece({ endByte: endByte.current ?? 0 }, reply.value);
      if (step.kind === 'append') {
        endByte.current = step.endByte;
        setLog((current) => ({ ...current, text: current.text + step.text, totalBytes: reply.value.totalBytes }));
      } else if (step.kind === 'gap') {
        endByte.current = reply.value.start + byteLength(reply.value.text);
        setLog((current) => ({ ...current, text: reply.value.text, start: reply.value.start }));
      }
      if (job?.final) {
        setLog((current) => ({ ...current, running: false }));
        setFollowing(false);
        return;
      }
      timer = setTimeout(() => void poll(), FOLLOW_EVERY_MS);
    };
    timer = setTimeout(() => void poll(), FOLLOW_EVERY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [following, search]);

  // While following, keep the end in view.
  useEffect(() => {
    if (following && lines.count) setTarget(lines.count - 1);
  }, [following, lines.count]);

  const runFind = (event: Event) => {
    event.preventDefault();
    if (!find) {
      setMatches([]);
      return;
    }
    const compiled = compileQuery({ text: find, regex: false, caseSensitive: false });
    const found = compiled.ok
      ? searchLog(log.text, compiled.pattern, Number.MAX_SAFE_INTEGER).hits.map((hit) => hit.line - 1)
      : [];
    setMatches(found);
    if (found.length) {
      setMatchAt(0);
      reveal(found[0]!);
    } else setMatchAt(-1);
  };
  const step = (delta: number) => {
    if (!matches.length) return;
    const next = (matchAt + delta + matches.length) % matches.length;
    setMatchAt(next);
    reveal(matches[next]!);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(plainText(log.text).replace(/\n$/, ''));
      setCopied('Copied');
    } catch {
      setCopied('Could not copy: select the text and copy it by hand.');
    }
  };

  return (
    <main class="kd-job-log">
      <header>
        <h1>{log.title}</h1>
        <p class="kd-muted">{log.subtitle}</p>
      </header>
      <div class="kd-actions">
        <button type="button" onClick={() => void copy()}>
          Copy log
        </button>
        <a href={log.jobUrl}>Back to the job on Buildkite</a>
        {hasTimes && (
          <label class="kd-inline">
            <input type="checkbox" checked={showTimes} onChange={(e) => setShowTimes(e.currentTarget.checked)} /> Show
            times
          </label>
        )}
        {groups.length > 0 && (
          <>
            <button type="button" onClick={() => setOpen(groups.map(() => true))}>
              Expand all groups
            </button>
            <button type="button" onClick={() => setOpen(groups.map(() => false))}>
              Collapse all groups
            </button>
          </>
        )}
        {(log.running || following) && (
          <button type="button" aria-pressed={following ? 'true' : 'false'} onClick={() => setFollowing((f) => !f)}>
            {following ? 'Pause following' : 'Follow the running job'}
          </button>
        )}
        <span role="status" aria-live="polite">
          {copied}
        </span>
      </div>
      <form class="kd-find" role="search" aria-label="Find" onSubmit={runFind}>
        <label>
          Find text <input type="search" value={find} onInput={(e) => setFind(e.currentTarget.value)} />
        </label>
        <button type="submit">Find</button>
        <button type="button" onClick={() => step(-1)} disabled={!matches.length}>
          Previous match
        </button>
        <button type="button" onClick={() => step(1)} disabled={!matches.length}>
          Next match
        </button>
        <span role="status" aria-live="polite">
          {matches.length ? `Match ${matchAt + 1} of ${matches.length}` : ''}
        </span>
      </form>
      {followError && <ErrorMessage error={followError} />}
      {log.start > 0 && (
        <p class="kd-note">
          Only the last part of the log is shown
          {log.totalBytes ? ` (${Math.round(log.totalBytes / 1024)} KiB in all)` : ''}; line numbers count from its
          start. Open the job on Buildkite for the whole log.
        </p>
      )}
      {reading && <p class="kd-muted">Reading the log… {lines.count.toLocaleString()} lines so far.</p>}
      {lines.count === 0 && !reading ? (
        <p>(empty log)</p>
      ) : (
        <VirtualLog
          line={lines.line}
          visible={visible}
          groups={groups}
          headerGroup={headerGroup}
          open={open}
          onToggle={(g) => setOpen((current) => current.map((o, i) => (i === g ? !o : o)))}
          target={target}
          showTimes={showTimes && hasTimes}
          matches={matchSet}
        />
      )}
    </main>
  );
}
