import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

export interface TabSpec {
  id: string;
  label: string;
  content: ComponentChildren;
}

/** The index a tab-list key moves to (ARIA tabs pattern: arrows wrap, Home/End), or -1 for other keys. */
export function nextTabIndex(key: string, index: number, count: number): number {
  if (key === 'ArrowRight') return (index + 1) % count;
  if (key === 'ArrowLeft') return (index + count - 1) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return -1;
}

/**
 * ARIA tabs (automatic activation): one tab stop, arrows/Home/End move and select. Every panel stays mounted
 * (hidden when not selected) so what the user typed in one survives a look at another.
 */
export function Tabs({ label, idPrefix, tabs }: { label: string; idPrefix: string; tabs: TabSpec[] }) {
  const [selected, setSelected] = useState(tabs[0]?.id ?? '');
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const current = tabs.some((tab) => tab.id === selected) ? selected : (tabs[0]?.id ?? '');

  const onKeyDown = (event: KeyboardEvent) => {
    const next =
      tabs[
        nextTabIndex(
          event.key,
          tabs.findIndex((tab) => tab.id === current),
          tabs.length,
        )
      ];
    if (!next) return;
    event.preventDefault();
    setSelected(next.id);
    refs.current[next.id]?.focus();
  };

  return (
    <div class="kd-tabset">
      <div class="kd-tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            type="button"
            role="tab"
            key={tab.id}
            id={`${idPrefix}-tab-${tab.id}`}
            aria-selected={tab.id === current}
            aria-controls={`${idPrefix}-panel-${tab.id}`}
            tabIndex={tab.id === current ? 0 : -1}
            ref={(node) => {
              refs.current[tab.id] = node;
            }}
            onClick={() => setSelected(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          class="kd-tabpanel"
          id={`${idPrefix}-panel-${tab.id}`}
          aria-labelledby={`${idPrefix}-tab-${tab.id}`}
          tabIndex={0}
          hidden={tab.id !== current}
        >
          {tab.content}
        </div>
      ))}
    </div>
  );
}
