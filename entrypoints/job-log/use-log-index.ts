import { useEffect, useRef, useState } from 'preact/hooks';
import { logIndexer, type LogIndex } from '@/lib/logs/log-index';

type Indexer = ReturnType<typeof logIndexer>;

const SLICE_CHARS = 128 * 1024;
/** Reading time per task: short enough that the page paints and scrolls between slices. */
const SLICE_MS = 12;
/** How often the view shows the lines read so far. */
const PROGRESS_MS = 250;

function readFor(indexer: Indexer, ms: number): boolean {
  const started = performance.now();
  let done = false;
  do done = indexer.advance(SLICE_CHARS);
  while (!done && performance.now() - started < ms);
  return done;
}

/**
 * The log's index, read a slice per task. The first text shows as it is read (its first rows paint after one
 * slice, however long the log); a later text (a followed job's new lines) replaces the shown index once it is read
 * whole, so the view never shrinks while following.
 */
export function useLogIndex(text: string): { index: LogIndex; reading: boolean } {
  const seed = useRef<{ text: string; indexer: Indexer; done: boolean } | null | undefined>(undefined);
  if (seed.current === undefined) {
    const indexer = logIndexer(text);
    seed.current = { text, indexer, done: readFor(indexer, SLICE_MS) };
  }
  const [view, setView] = useState(() => ({
    index: seed.current!.indexer.index,
    reading: !seed.current!.done,
    version: 0,
  }));

  useEffect(() => {
    const first = seed.current;
    seed.current = null;
    const progressive = first?.text === text;
    const indexer = progressive ? first.indexer : logIndexer(text);
    let done = progressive ? first.done : false;
    if (done) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let shownAt = performance.now();
    const step = () => {
      if (!live) return;
      done = readFor(indexer, SLICE_MS);
      // Re-render as lines come in, but not after every slice: the reading is what should take the time.
      if (done || (progressive && performance.now() - shownAt > PROGRESS_MS)) {
        shownAt = performance.now();
        setView((current) => ({ index: indexer.index, reading: !done, version: current.version + 1 }));
      }
      if (!done) timer = setTimeout(step, 0);
    };
    // Let the first rows paint before reading on.
    const frame = requestAnimationFrame(() => (timer = setTimeout(step, 0)));
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [text]);
  return view;
}
