import { useEffect, useRef, useState } from 'preact/hooks';

export interface MenuAction {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  /** Why it is disabled, or what it does (shown on hover). */
  hint?: string;
}

/** The index an open menu's key moves focus to (arrows wrap, Home/End), or -1 for other keys. */
export function nextMenuIndex(key: string, index: number, count: number): number {
  if (key === 'ArrowDown') return (index + 1) % count;
  if (key === 'ArrowUp') return (index + count - 1) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return -1;
}

/**
 * ARIA menu button: `aria-haspopup="menu"`; Enter/Space/ArrowDown open on the first item, ArrowUp on the last;
 * arrows, Home and End move; Esc closes and gives focus back to the button; Tab or a click elsewhere closes.
 * A disabled action stays focusable (`aria-disabled`) so its reason can be read.
 */
export function MenuButton({ label, idPrefix, actions }: { label: string; idPrefix: string; actions: MenuAction[] }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const root = useRef<HTMLDivElement>(null);
  const focusAt = useRef(0);

  useEffect(() => {
    if (!open) return;
    items.current[focusAt.current]?.focus();
    const close = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);

  const openAt = (index: number) => {
    focusAt.current = index;
    setOpen(true);
  };
  const closeToButton = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(event.key === 'ArrowDown' ? 0 : actions.length - 1);
    }
  };
  const onMenuKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeToButton();
      return;
    }
    if (event.key === 'Tab') {
      setOpen(false);
      return;
    }
    const index = items.current.findIndex((item) => item === document.activeElement);
    const next = nextMenuIndex(event.key, index, actions.length);
    if (next < 0) return;
    event.preventDefault();
    items.current[next]?.focus();
  };

  return (
    <div class="kd-menu" ref={root}>
      <button
        type="button"
        ref={button}
        id={`${idPrefix}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${idPrefix}-menu`}
        onClick={() => (open ? setOpen(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      <div
        role="menu"
        id={`${idPrefix}-menu`}
        aria-labelledby={`${idPrefix}-button`}
        class="kd-menu-list"
        hidden={!open}
        onKeyDown={onMenuKey}
      >
        {actions.map((action, index) => (
          <button
            type="button"
            role="menuitem"
            key={action.label}
            tabIndex={-1}
            title={action.hint}
            aria-disabled={action.disabled ? 'true' : undefined}
            ref={(node) => {
              items.current[index] = node;
            }}
            onClick={() => {
              if (action.disabled) return;
              action.onSelect();
              closeToButton();
            }}
          >
            {action.label}
          </button>
        ))}
      </div>
    </div>
  );
}
