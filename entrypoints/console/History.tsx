import { useConsole } from './store';
import { RelativeTime } from '@/components/RelativeTime';
import { withPortalPermission } from './portal-permission';

/** Past runs (no token is ever part of one): load one back into its tab, or run it again. */
export function History() {
  const { history, restore, rerun, clearHistory } = useConsole();
  if (history.length === 0) return <p class="kd-muted">Runs you make appear here.</p>;
  return (
    <>
      <ul class="kd-history" aria-label="Past runs">
        {history.map((entry) => (
          <li key={entry.id}>
            <span class="kd-title">{entry.title}</span>
            <span class="kd-muted">
              {entry.status === null ? 'no answer' : `HTTP ${entry.status}`} · <RelativeTime value={entry.at} />
            </span>
            <button type="button" onClick={() => restore(entry)} aria-label={`Load ${entry.title}`}>
              Load
            </button>
            <button
              type="button"
              aria-label={`Run again ${entry.title}`}
              onClick={() =>
                entry.kind === 'portal'
                  ? withPortalPermission(
                      () => rerun(entry),
                      () => restore(entry),
                    )
                  : void rerun(entry)
              }
            >
              Run again
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void clearHistory()}>
        Clear history
      </button>
    </>
  );
}
