import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ParsedLine } from '@/lib/logs/ansi';
import { spanStyle } from '@/lib/logs/colours';
import type { LogGroup } from '@/lib/logs/groups';

export const ROW_HEIGHT = 18;
const OVERSCAN = 20;

export interface VirtualLogProps {
  /** Line `index` (0-based), parsed when first shown. */
  line: (index: number) => ParsedLine;
  /** Line indexes to show, in order (closed groups show only their header). */
  visible: Int32Array;
  groups: readonly LogGroup[];
  /** group index by header line index */
  headerGroup: ReadonlyMap<number, number>;
  open: readonly boolean[];
  onToggle: (group: number) => void;
  /** The line to bring into view and mark (0-based index), e.g. from `#L123` or find-in-log. */
  target: number | null;
  showTimes: boolean;
  /** Line indexes that match find-in-log. */
  matches: ReadonlySet<number>;
}

const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/**
 * The log as a virtualised list of fixed-height rows: only the rows in view (plus a margin) are in the DOM, so a
 * log of 100,000 lines paints and scrolls like a short one. Rows are text nodes and styled spans, never HTML.
 */
export function VirtualLog(props: VirtualLogProps) {
  const { line, visible, target } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setHeight(el.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = scroller.current;
    if (!el || target === null) return;
    const row = lowerBound(visible, target);
    el.scrollTop = Math.max(0, row * ROW_HEIGHT - el.clientHeight / 3);
    setScrollTop(el.scrollTop);
  }, [target, visible]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(visible.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let r = first; r < last; r++) {
    const index = visible[r]!;
    rows.push(<Row key={index} index={index} top={r * ROW_HEIGHT} {...props} parsed={line(index)} />);
  }
  return (
    <div
      ref={scroller}
      class="kd-vlog"
      role="log"
      aria-label="Log"
      tabIndex={0}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div class="kd-vlog-space" style={{ height: `${visible.length * ROW_HEIGHT}px` }}>
        {rows}
      </div>
    </div>
  );
}

function Row(props: VirtualLogProps & { index: number; top: number; parsed: ParsedLine }) {
  const { index, top, parsed: line, headerGroup, open, onToggle, target, showTimes, matches } = props;
  const n = index + 1;
  const group = headerGroup.get(index);
  const classes = ['kd-row'];
  if (target === index) classes.push('kd-row-target');
  if (matches.has(index)) classes.push('kd-row-match');
  if (group !== undefined) classes.push('kd-row-header');
  return (
    <div class={classes.join(' ')} style={{ top: `${top}px` }} id={`L${n}`} data-line={n}>
      <a class="kd-ln" href={`#L${n}`} aria-label={`Line ${n}`}>
        {n}
      </a>
      {showTimes && <span class="kd-time">{line.time !== null ? time(line.time) : ''}</span>}
      {group !== undefined ? (
        <button
          type="button"
          class="kd-group-toggle"
          aria-expanded={open[group] ? 'true' : 'false'}
          onClick={() => onToggle(group)}
        >
          <Text line={line} />
        </button>
      ) : (
        <span class="kd-text">
          <Text line={line} />
        </span>
      )}
    </div>
  );
}

function Text({ line }: { line: ParsedLine }) {
  if (!line.spans) return <>{line.text}</>;
  return (
    <>
      {line.spans.map((span, i) =>
        span.style ? (
          <span key={i} style={spanStyle(span.style)}>
            {span.text}
          </span>
        ) : (
          span.text
        ),
      )}
    </>
  );
}

/** First row whose line index is >= `index`. */
export function lowerBound(visible: Int32Array, index: number): number {
  let lo = 0;
  let hi = visible.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (visible[mid]! < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
