/**
 * The `many-pipelines` scenario (command palette): the seed's organisations plus `initech`, filled up to `total`
 * pipelines spread evenly over the three. Names are deterministic word pairs; `globex/quantum-ledger-sync` is a
 * pipeline the e2e tests look for by a fuzzy fragment. GraphQL pages them as the schema says (`pipelines(first,
 * after)` with `count` and `pageInfo`); generated pipelines have no builds, so their latest state is null.
 */
import { iso, type FakeState } from './model';
import { USER } from './seed-ids';

export interface ManyPipelinesSpec {
  /** Pipelines in all, seed ones included (default 5,000). */
  total?: number;
}

export const INITECH = { slug: 'initech', id: 'd4e5f607-1829-4a3b-8c4d-5e6f70819203', name: 'Initech' } as const;
export const FUZZY_TARGET = { org: 'globex', slug: 'quantum-ledger-sync', name: 'Quantum Ledger Sync' } as const;

const ADJECTIVES =
  'amber brisk cobalt dusty eager fuzzy golden hidden ivory jolly keen lunar misty noble ochre plain rapid silent tidy upper vivid woven young zesty'.split(
    ' ',
  );
const NOUNS =
  'api billing cache deploy events frontend gateway hooks infra jobs kernel ledger mailer notify orders payments queue reports search tokens users vault worker'.split(
    ' ',
  );

function uuidFor(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `e0e0e0e0-0000-4000-8000-${hex}`;
}

export function addManyPipelines(state: FakeState, spec: ManyPipelinesSpec = {}): { orgs: string[]; total: number } {
  const total = Math.max(0, Math.min(20_000, spec.total ?? 5000));
  if (!state.orgs.some((o) => o.slug === INITECH.slug))
    state.orgs.push({ ...INITECH, createdAt: '2020-02-03T04:05:06.789Z' });
  const orgs = state.orgs.map((o) => o.slug).slice(0, 3);
  const add = (org: string, slug: string, name: string, n: number) =>
    state.pipelines.push({
      id: uuidFor(n),
      org,
      slug,
      name,
      description: null,
      repository: `git@github.com:${org}/${slug}.git`,
      defaultBranch: n % 7 === 0 ? 'trunk' : 'main',
      createdAt: iso(Date.parse('2024-01-01T00:00:00Z') + n * 60_000),
      createdById: USER.id,
    });
  if (!state.pipelines.some((p) => p.org === FUZZY_TARGET.org && p.slug === FUZZY_TARGET.slug)) {
    add(FUZZY_TARGET.org, FUZZY_TARGET.slug, FUZZY_TARGET.name, 999_999);
  }
  for (let n = 0; state.pipelines.length < total; n++) {
    const org = orgs[n % orgs.length]!;
    const words = `${ADJECTIVES[n % ADJECTIVES.length]}-${NOUNS[Math.floor(n / ADJECTIVES.length) % NOUNS.length]}`;
    const slug = `${words}-${n}`;
    add(
      org,
      slug,
      slug.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase()),
      n,
    );
  }
  return { orgs, total: state.pipelines.length };
}
