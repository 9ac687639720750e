/**
 * The command palette's plain data: what the background answers to a query and the content script draws.
 * Type-only for the content script (it holds no index and no token).
 */
import type { Reply } from '../errors';

/** A Buildkite build state as the palette shows it (lower case, GraphQL's `BuildStates` words). */
export type PaletteState = string;

/** An action the content script (or the popup) runs itself, with the page's own controls and messages. */
export type PaletteActionId =
  | 'rebuild'
  | 'retry-failed'
  | 'cancel'
  | 'watch'
  | 'failure-digest'
  | 'new-build'
  | 'unblock'
  | 'copy-url'
  | 'copy-number'
  | 'copy-bk'
  | 'copy-curl'
  | 'branch-builds'
  | 'open-console'
  | 'open-webhook-lab'
  | 'open-options'
  | 'open-token-health'
  | 'refresh-index';

export interface PaletteResult {
  /** Stable id: `p:org/pipeline`, `b:org/pipeline/n`, `a:<action>`, `u:<url>`; used for open counts. */
  id: string;
  kind: 'pipeline' | 'build' | 'action' | 'link' | 'notice';
  /** What the option reads as, e.g. `acme / Web app`. */
  title: string;
  /** Indexes of `title`'s characters the query matched (for highlighting). */
  matches: number[];
  /** Second line: default branch, build message, what an action does. */
  detail: string;
  /** Latest build state (pipelines: on the default branch), for the coloured chip. */
  state: PaletteState | null;
  /** Where Enter goes (https://buildkite.com/…), for pipelines, builds and links. */
  url: string | null;
  /** What Enter runs, for actions. */
  action: PaletteActionId | null;
}

export interface PaletteStatus {
  /** `ready`: the index is complete; `indexing`: loading (progress below); `needs-scope`/`no-token`: cannot index. */
  state: 'ready' | 'indexing' | 'needs-scope' | 'no-token' | 'rate-limited' | 'error' | 'empty';
  /** Pipelines loaded so far, and the total Buildkite reported (null until known). */
  loaded: number;
  total: number | null;
  /** One sentence for the user (progress, what is needed, when it resumes). */
  message: string;
}

export interface PaletteAnswer {
  results: PaletteResult[];
  status: PaletteStatus;
}

/** "Indexing pipelines: 1,500 of 5,000" */
export function progressText(loaded: number, total: number | null): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return total === null ? `Indexing pipelines: ${n(loaded)} so far` : `Indexing pipelines: ${n(loaded)} of ${n(total)}`;
}

/** On the palette's port (`PALETTE_PORT`): one query, numbered by the palette (validated by `PaletteQuery`). */
export interface PaletteQueryMessage {
  seq: number;
  query: string;
  pageUrl: string;
}

/** On the palette's port: the answer to query `seq`. */
export interface PaletteAnswerMessage {
  seq: number;
  reply: Reply<PaletteAnswer>;
}
