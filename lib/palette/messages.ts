import * as v from 'valibot';
import { message, NoInput, type MessageSpec } from '../message-spec';

/** Kitedeck pages the palette opens (the background opens them: a web page may not open extension pages). */
export const PALETTE_PAGES = ['console', 'webhook-lab', 'options', 'token-health'] as const;

/**
 * A query on the palette's port (`PALETTE_PORT`, see lib/palette/session.ts): the top results for `query` typed on
 * `pageUrl` (the page gives the in-context actions and `#123`). Queries travel on a long-lived port, not as one
 * message each; the port is checked like a `buildkite-tab` message (sender, then this schema for every query).
 */
export const PaletteQuery = v.strictObject({
  seq: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  query: v.pipe(v.string(), v.maxLength(2000)),
  pageUrl: v.pipe(v.string(), v.maxLength(4000)),
});

/**
 * The command palette (issue 12). The index and the search live in the background; the content script (or the
 * popup) sends the query and draws the answer. None of these writes to Buildkite.
 */
export const paletteMessages = {
  /** The user opened a result: counted for ranking (ids only, in storage.local). */
  paletteOpened: message<null>()(
    'buildkite-tab',
    v.strictObject({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(4100)) }),
  ),
  /** Index every pipeline again now (the palette's "Refresh the pipeline index"). */
  paletteRefresh: message<null>()('buildkite-tab', NoInput),
  paletteOpenPage: message<null>()('buildkite-tab', v.strictObject({ page: v.picklist(PALETTE_PAGES) })),
} satisfies Record<string, MessageSpec<v.GenericSchema, unknown>>;
