import { useState } from 'preact/hooks';

/**
 * Collapsible JSON, rendered as text nodes only (an API answer never becomes markup). Each object and array has a
 * real disclosure button (`aria-expanded`), so the tree is operable with Tab, Enter and Space.
 */
const PAGE = 100;

function summary(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length} item${value.length === 1 ? '' : 's'}]`;
  const size = Object.keys(value as object).length;
  return `{${size} key${size === 1 ? '' : 's'}}`;
}

function Scalar({ value }: { value: unknown }) {
  const kind = value === null ? 'null' : typeof value;
  return <span class={`kd-json-${kind}`}>{kind === 'string' ? JSON.stringify(value) : String(value)}</span>;
}

function Node({
  name,
  value,
  depth,
  openDepth,
}: {
  name: string | null;
  value: unknown;
  depth: number;
  openDepth: number;
}) {
  const composite = typeof value === 'object' && value !== null;
  const [open, setOpen] = useState(depth < openDepth);
  const [shown, setShown] = useState(PAGE);
  const label = name === null ? null : <span class="kd-json-key">{name}: </span>;
  if (!composite) {
    return (
      <li>
        {label}
        <Scalar value={value} />
      </li>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  return (
    <li>
      <button type="button" class="kd-json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        {name === null ? ' (root)' : ` ${name}`}
      </button>{' '}
      <span class="kd-muted">{summary(value)}</span>
      {open && entries.length > 0 && (
        <ul class="kd-json-children" role="group">
          {entries.slice(0, shown).map(([key, item]) => (
            <Node key={key} name={key} value={item} depth={depth + 1} openDepth={openDepth} />
          ))}
          {entries.length > shown && (
            <li>
              <button type="button" onClick={() => setShown(shown + PAGE)}>
                Show {Math.min(PAGE, entries.length - shown)} more of {entries.length - shown}
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

export function JsonTree({ value, label, openDepth = 3 }: { value: unknown; label: string; openDepth?: number }) {
  return (
    <ul class="kd-json" aria-label={label}>
      <Node name={null} value={value} depth={0} openDepth={openDepth} />
    </ul>
  );
}
