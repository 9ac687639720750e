/**
 * Where an unblock form's fields come from, from documented sources only (Buildkite documents no API that returns a
 * block step's fields; GraphQL `JobTypeBlock` has none):
 * 1. the pipeline's steps: REST pipeline `configuration` (YAML) or `steps`, the block step matched by its step key,
 *    then by its label;
 * 2. else the keys this block step was unblocked with last time on this pipeline: block fields land in the build's
 *    meta-data, so a previous build whose matching block job was unblocked shows the keys it took;
 * 3. else nothing: the form takes free key/values.
 * Pure functions; the background reads the API and calls these.
 */
import { parse } from 'yaml';
import { blockFieldsFromRest } from './map';
import type { BlockField } from './model';

export type FieldsSource = 'pipeline' | 'last-unblock';

export interface BlockStepDefinition {
  key: string | null;
  label: string | null;
  prompt: string | null;
  fields: BlockField[] | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** Block (and input) steps of a pipeline definition, groups included. */
function collect(steps: unknown, out: BlockStepDefinition[], depth = 0): void {
  if (!Array.isArray(steps) || depth > 3) return;
  for (const step of steps) {
    if (!step || typeof step !== 'object') continue;
    const s = step as Record<string, unknown>;
    if (Array.isArray(s.steps)) collect(s.steps, out, depth + 1);
    const type = text(s.type);
    const isBlock = 'block' in s || 'input' in s || type === 'block' || type === 'input' || type === 'manual';
    if (!isBlock) continue;
    out.push({
      key: text(s.key) ?? text(s.identifier) ?? text(s.id),
      label: text(s.block) ?? text(s.input) ?? text(s.label) ?? text(s.name),
      prompt: text(s.prompt),
      fields: Array.isArray(s.fields) ? blockFieldsFromRest(s.fields) : null,
    });
  }
}

/** Block steps from the pipeline's `configuration` YAML (first) and its `steps` array. Bad YAML gives none. */
export function blockStepsOfPipeline(configuration: string | null | undefined, steps: unknown): BlockStepDefinition[] {
  const out: BlockStepDefinition[] = [];
  if (configuration) {
    try {
      const document = parse(configuration, { maxAliasCount: 100 }) as unknown;
      collect(Array.isArray(document) ? document : (document as { steps?: unknown } | null)?.steps, out);
    } catch {
      // A YAML Kitedeck can't read: fall through to `steps` and the other sources.
    }
  }
  collect(steps, out);
  return out;
}

const sameLabel = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/** The step that defined this job: by step key, then by label. */
export function matchBlockStep(
  definitions: readonly BlockStepDefinition[],
  job: { stepKey: string | null; label: string | null },
): BlockStepDefinition | null {
  if (job.stepKey) {
    const byKey = definitions.find((definition) => definition.key === job.stepKey);
    if (byKey) return byKey;
  }
  return definitions.find((definition) => sameLabel(definition.label, job.label)) ?? null;
}

/** The parts of a REST build (documented fields) the last-unblock source reads. */
export interface BuildWithMetaData {
  number: number;
  meta_data?: Record<string, unknown> | null;
  jobs?:
    | readonly {
        type?: string | null;
        step_key?: string | null;
        name?: string | null;
        label?: string | null;
        unblocked_at?: string | null;
      }[]
    | null;
}

/**
 * The keys this block step was unblocked with last time: the newest other build whose matching block job was
 * unblocked, its meta-data keys minus those the current build already has (set before the block). Values shown
 * as hints, never sent unless the user types them.
 */
export function fieldsFromLastUnblock(
  builds: readonly BuildWithMetaData[],
  current: number,
  job: { stepKey: string | null; label: string | null },
): BlockField[] | null {
  const currentKeys = new Set(Object.keys(builds.find((build) => build.number === current)?.meta_data ?? {}));
  const previous = [...builds]
    .filter((build) => build.number !== current)
    .sort((a, b) => b.number - a.number)
    .find((build) =>
      (build.jobs ?? []).some(
        (other) =>
          (other.type === 'manual' || other.type === 'block') &&
          other.unblocked_at &&
          ((job.stepKey && other.step_key === job.stepKey) ||
            (!job.stepKey && sameLabel(other.name ?? other.label ?? null, job.label))),
      ),
    );
  if (!previous) return null;
  const entries = Object.entries(previous.meta_data ?? {}).filter(([key]) => !currentKeys.has(key));
  if (!entries.length) return null;
  return entries.map(([key, value]) => ({
    key,
    kind: 'text',
    label: key,
    hint: typeof value === 'string' && value.length <= 200 ? `Last time: “${value}”` : null,
    required: false,
    default: null,
    multiple: false,
    options: [],
    format: null,
  }));
}
