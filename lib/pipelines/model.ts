import type { BuildState } from '../builds/model';

/**
 * One row of a build list, the same whether GraphQL (`pipeline.builds`, `viewer.builds`) or REST (`GET …/builds`)
 * answered. Plain data: it crosses messaging. `createdAt` is epoch ms.
 */
export interface BuildRow {
  /** UUID */
  id: string;
  graphqlId: string | null;
  org: string;
  pipeline: string;
  number: number;
  state: BuildState;
  blocked: boolean;
  branch: string;
  commit: string;
  message: string | null;
  createdAt: number | null;
  webUrl: string;
  creator: string | null;
}

export const rowKey = (row: Pick<BuildRow, 'org' | 'pipeline' | 'number'>): string =>
  `${row.org}/${row.pipeline}/${row.number}`;

/** What a list shows: a pipeline's builds (optionally by branch and state), or the user's builds everywhere. */
export type ListQuery =
  | { kind: 'pipeline'; org: string; pipeline: string; branch?: string; states?: BuildState[] }
  | { kind: 'mine'; states?: BuildState[] };
