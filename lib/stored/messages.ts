import * as v from 'valibot';
import { message, NoInput } from '../message-spec';

/**
 * "What Kitedeck stores" (options page): each part of what the extension keeps on this computer, its size, and a way
 * to clear it. Local state only, never a write to Buildkite: no write policy; extension pages only (sizes say what
 * the user does, and clearing is the user's own decision).
 */
export const STORED_PART_IDS = ['token', 'watch', 'console', 'deliveries', 'logs', 'palette', 'settings'] as const;
export type StoredPartId = (typeof STORED_PART_IDS)[number];

export interface StoredPartMeta {
  id: StoredPartId;
  title: string;
  /** Where it lives and what is in it. */
  description: string;
  /** What "Clear" does, as the button's confirmation says it. */
  clearing: string;
  /** Clearing loses the user's own data (not a cache Kitedeck refills): the page asks to confirm first. */
  destructive: boolean;
}

export const STORED_PARTS: readonly StoredPartMeta[] = [
  {
    id: 'token',
    title: 'API token',
    description: 'In Kitedeck’s vault (extension IndexedDB, or session storage when forgotten on close). Never shown.',
    clearing: 'Forget the token: Kitedeck stops reading Buildkite until you paste one again.',
    destructive: true,
  },
  {
    id: 'watch',
    title: 'Watch list',
    description: 'Watched builds, poll state and recent notifications (storage.local).',
    clearing: 'Stop watching every build and forget their notifications.',
    destructive: true,
  },
  {
    id: 'console',
    title: 'Console history',
    description: 'The API console’s recent requests, no tokens (storage.local).',
    clearing: 'Delete the console’s request history.',
    destructive: true,
  },
  {
    id: 'deliveries',
    title: 'Webhook delivery history',
    description: 'Deliveries sent from the Webhook lab, with their secrets for replay (vault).',
    clearing: 'Delete every recorded delivery; they can no longer be replayed.',
    destructive: true,
  },
  {
    id: 'logs',
    title: 'Cached job logs',
    description: 'Finished jobs’ logs kept for 24 hours (IndexedDB kitedeck-logs). Fetched again when needed.',
    clearing: 'Delete the cached logs.',
    destructive: false,
  },
  {
    id: 'palette',
    title: 'Palette index',
    description:
      'Pipelines and recent builds for the command palette (IndexedDB kitedeck-palette). Rebuilt when needed.',
    clearing: 'Delete the pipeline index and the palette’s ranking.',
    destructive: false,
  },
  {
    id: 'settings',
    title: 'Settings',
    description: 'Read-only mode, feature switches, auto-watch, panel layout (storage.local).',
    clearing: 'Reset every option to its default (the token’s “forget on close” stays as it is).',
    destructive: true,
  },
];

export interface StoredPartState {
  id: StoredPartId;
  /** Bytes stored; null when not shown (the token: its size would tell its length) or unreadable (vault locked). */
  bytes: number | null;
  /** One line: "3 builds", "A token is stored", "Empty". */
  summary: string;
}

export const storedMessages = {
  getStoredParts: message<StoredPartState[]>()('extension-page', NoInput),
  clearStoredPart: message<StoredPartState[]>()(
    'extension-page',
    v.strictObject({ part: v.picklist(STORED_PART_IDS) }),
  ),
};
