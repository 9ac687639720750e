// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { blockStepsOfPipeline, fieldsFromLastUnblock, matchBlockStep } from '@/lib/builds/block-step-fields';

const YAML = `
steps:
  - command: ./test.sh
  - block: ":rocket: Release"
    key: release
    prompt: Ship it?
    fields:
      - text: Release notes
        key: release-notes
        hint: What changed
      - select: Region
        key: region
        required: false
        default: eu
        options:
          - label: Europe
            value: eu
          - label: US
            value: us
  - group: Deploy
    steps:
      - input: "Which environment?"
        fields:
          - text: Environment
            key: env
  - block: "No fields"
    key: plain
`;

describe('block step fields from the pipeline’s steps', () => {
  const steps = blockStepsOfPipeline(YAML, undefined);

  it('finds block and input steps, groups included, with their fields in the form’s shape', () => {
    expect(steps.map((step) => [step.key, step.label])).toEqual([
      ['release', ':rocket: Release'],
      [null, 'Which environment?'],
      ['plain', 'No fields'],
    ]);
    expect(steps[0]!.prompt).toBe('Ship it?');
    expect(steps[0]!.fields).toEqual([
      expect.objectContaining({ key: 'release-notes', kind: 'text', label: 'Release notes', required: true }),
      expect.objectContaining({ key: 'region', kind: 'select', required: false, default: 'eu' }),
    ]);
    expect(steps[2]!.fields).toBeNull();
  });

  it('matches by step key first, then by label', () => {
    expect(matchBlockStep(steps, { stepKey: 'release', label: 'something else' })?.key).toBe('release');
    expect(matchBlockStep(steps, { stepKey: null, label: 'Which  environment?' })?.fields?.[0]?.key).toBe('env');
    expect(matchBlockStep(steps, { stepKey: 'unknown', label: ':rocket: Release' })?.key).toBe('release');
    expect(matchBlockStep(steps, { stepKey: 'unknown', label: 'nope' })).toBeNull();
  });

  it('reads the REST `steps` array too, and survives YAML it cannot read', () => {
    const fromSteps = blockStepsOfPipeline('steps: [unclosed', [
      { type: 'manual', label: 'Approve', key: 'approve', fields: [{ text: 'Why', key: 'why' }] },
      { type: 'script', name: 'test', command: 'x' },
    ]);
    expect(fromSteps).toEqual([
      expect.objectContaining({ key: 'approve', label: 'Approve', fields: [expect.objectContaining({ key: 'why' })] }),
    ]);
    expect(blockStepsOfPipeline(null, null)).toEqual([]);
    expect(blockStepsOfPipeline('*a', null)).toEqual([]);
  });
});

describe('the keys this step was unblocked with last time (build meta-data)', () => {
  const builds = [
    {
      number: 12,
      meta_data: { 'release-notes': 'fixes', region: 'us', sha: 'abc' },
      jobs: [{ type: 'manual', step_key: 'release', unblocked_at: '2026-12-01T10:00:00Z' }],
    },
    {
      number: 11,
      meta_data: { old: 'x' },
      jobs: [{ type: 'manual', step_key: 'release', unblocked_at: '2026-11-30T10:00:00Z' }],
    },
    { number: 13, meta_data: { sha: 'def' }, jobs: [{ type: 'manual', step_key: 'release', unblocked_at: null }] },
  ];

  it('the newest other build whose matching block was unblocked: its keys minus those the current build has', () => {
    const fields = fieldsFromLastUnblock(builds, 13, { stepKey: 'release', label: null });
    expect(fields?.map((field) => field.key)).toEqual(['release-notes', 'region']);
    expect(fields?.[0]).toMatchObject({ kind: 'text', required: false, default: null, hint: 'Last time: “fixes”' });
  });

  it('no earlier unblock of this step: none', () => {
    expect(fieldsFromLastUnblock(builds, 13, { stepKey: 'other', label: null })).toBeNull();
    expect(fieldsFromLastUnblock([], 13, { stepKey: 'release', label: null })).toBeNull();
  });
});
