import { useEffect, useRef } from 'preact/hooks';
import { GraphQLTab } from './GraphQLTab';
import { History } from './History';
import { PortalTab } from './PortalTab';
import { loadPortalPermission } from './portal-permission';
import { RestTab } from './RestTab';
import { useConsole, type Tab } from './store';

const TABS: { id: Tab; label: string }[] = [
  { id: 'graphql', label: 'GraphQL' },
  { id: 'rest', label: 'REST' },
  { id: 'portal', label: 'Portals' },
];

/** The API console: requests run in the background with the stored token; this page never sees a token. */
export function Console() {
  const { tab, setTab, load } = useConsole();
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  useEffect(() => {
    void load();
    void loadPortalPermission();
  }, []);

  const move = (event: KeyboardEvent) => {
    const index = TABS.findIndex((item) => item.id === tab);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (index + TABS.length - 1) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : -1;
    const target = TABS[next];
    if (!target) return;
    event.preventDefault();
    setTab(target.id);
    tabRefs.current[target.id]?.focus();
  };

  return (
    <main class="kd-console">
      <header>
        <h1>Kitedeck API console</h1>
        <p class="kd-muted">
          Requests run in Kitedeck’s background with your stored token; the token never reaches this page. Buildkite’s
          rate limits are shared by your whole organisation.
        </p>
      </header>
      <div class="kd-tabs" role="tablist" aria-label="API" onKeyDown={move}>
        {TABS.map((item) => (
          <button
            type="button"
            role="tab"
            key={item.id}
            id={`kd-tab-${item.id}`}
            aria-selected={tab === item.id}
            aria-controls={`kd-panel-${item.id}`}
            tabIndex={tab === item.id ? 0 : -1}
            ref={(node) => {
              tabRefs.current[item.id] = node;
            }}
            onClick={() => setTab(item.id)}
          >
            {item.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`kd-panel-${tab}`} aria-labelledby={`kd-tab-${tab}`}>
        {tab === 'graphql' ? <GraphQLTab /> : tab === 'rest' ? <RestTab /> : <PortalTab />}
      </section>
      <section aria-labelledby="kd-history-title">
        <h2 id="kd-history-title">History</h2>
        <History />
      </section>
    </main>
  );
}
