// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  branchSuggestions,
  emptyForm,
  formFromBuild,
  graphqlInput,
  hasErrors,
  parseEnvLines,
  restBody,
  validateForm,
  type NewBuildForm,
} from '@/lib/pipelines/new-build';

const form = (partial: Partial<NewBuildForm>) => emptyForm({ branch: 'main', ...partial });
const problemsOf = (partial: Partial<NewBuildForm>, known: string[] = []) =>
  validateForm(form(partial), known).map(({ field, level }) => `${level}:${field}`);

describe('validateForm', () => {
  it.each<[string, Partial<NewBuildForm>, string[]]>([
    ['a plain form', {}, []],
    ['no branch', { branch: ' ' }, ['error:branch']],
    ['a branch with a space', { branch: 'my branch' }, ['error:branch']],
    ['a branch with ..', { branch: 'a..b' }, ['error:branch']],
    ['HEAD', { commit: 'HEAD' }, []],
    ['a short SHA', { commit: 'abc1234' }, []],
    ['a full SHA', { commit: 'a'.repeat(40) }, []],
    ['a tag is not a SHA', { commit: 'v1.2.3' }, ['error:commit']],
    ['head in lower case', { commit: 'head' }, ['error:commit']],
    ['a 41-char SHA', { commit: 'a'.repeat(41) }, ['error:commit']],
    ['env ok', { env: [{ key: 'DEPLOY_ENV', value: 'staging' }] }, []],
    ['env key with a dash', { env: [{ key: 'DEPLOY-ENV', value: 'x' }] }, ['error:env.0.key']],
    ['env key starting with a digit', { env: [{ key: '1X', value: 'x' }] }, ['error:env.0.key']],
    ['env value without key', { env: [{ key: '', value: 'x' }] }, ['error:env.0.key']],
    ['env blank row ignored', { env: [{ key: '', value: '' }] }, []],
    [
      'env duplicate',
      {
        env: [
          { key: 'A', value: '1' },
          { key: 'A', value: '2' },
        ],
      },
      ['error:env.1.key'],
    ],
    ['env value on two lines', { env: [{ key: 'A', value: '1\n2' }] }, ['error:env.0.value']],
    ['meta-data ok', { metaData: [{ key: 'release-name', value: '2.4' }] }, []],
    ['meta-data key with a space', { metaData: [{ key: 'a b', value: '1' }] }, ['error:metaData.0.key']],
    ['meta-data without value', { metaData: [{ key: 'k', value: '' }] }, ['error:metaData.0.value']],
    ['author name only', { authorName: 'Ada' }, ['error:authorEmail']],
    ['author bad email', { authorName: 'Ada', authorEmail: 'ada' }, ['error:authorEmail']],
    ['author both', { authorName: 'Ada', authorEmail: 'ada@example.com' }, []],
  ])('%s', (_name, partial, expected) => {
    expect(problemsOf(partial)).toEqual(expected);
  });

  it('warns (does not refuse) an unknown branch', () => {
    const problems = validateForm(form({ branch: 'feature/x' }), ['main', 'dev']);
    expect(problems).toEqual([expect.objectContaining({ field: 'branch', level: 'warning' })]);
    expect(hasErrors(problems)).toBe(false);
  });
});

describe('request bodies', () => {
  const full = form({
    message: 'Deploy',
    commit: 'HEAD',
    env: [
      { key: 'DEPLOY', value: 'a=b' },
      { key: '', value: '' },
    ],
    metaData: [{ key: 'release', value: '2.4' }],
    authorName: 'Ada',
    authorEmail: 'ada@example.com',
  });

  it('REST body carries only what was set', () => {
    expect(restBody(full)).toEqual({
      commit: 'HEAD',
      branch: 'main',
      message: 'Deploy',
      env: { DEPLOY: 'a=b' },
      meta_data: { release: '2.4' },
      author: { name: 'Ada', email: 'ada@example.com' },
    });
    expect(restBody(form({ cleanCheckout: true, ignoreBranchFilters: true }))).toEqual({
      commit: 'HEAD',
      branch: 'main',
      clean_checkout: true,
      ignore_pipeline_branch_filters: true,
    });
  });

  it('GraphQL input uses KEY=value env and key/value meta-data, or null when REST is needed', () => {
    expect(graphqlInput(full, 'UGlw')).toEqual({
      pipelineID: 'UGlw',
      commit: 'HEAD',
      branch: 'main',
      message: 'Deploy',
      env: ['DEPLOY=a=b'],
      metaData: [{ key: 'release', value: '2.4' }],
      author: { name: 'Ada', email: 'ada@example.com' },
    });
    expect(graphqlInput(form({ cleanCheckout: true }), 'UGlw')).toBeNull();
    expect(graphqlInput(form({ ignoreBranchFilters: true }), 'UGlw')).toBeNull();
  });
});

describe('helpers', () => {
  it('parses pasted KEY=value lines', () => {
    expect(parseEnvLines('A=1\n# note\n\nB = two=2\nC')).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: ' two=2' },
      { key: 'C', value: '' },
    ]);
  });

  it('prefills from a build (same commit and branch)', () => {
    const prefilled = formFromBuild({
      message: 'm',
      branch: 'dev',
      commit: 'abcdef1234',
      env: { A: '1' },
      metaData: { k: 'v' },
    });
    expect(prefilled).toMatchObject({
      message: 'm',
      branch: 'dev',
      commit: 'abcdef1234',
      env: [{ key: 'A', value: '1' }],
      metaData: [{ key: 'k', value: 'v' }],
    });
  });

  it('suggests the default branch first, then recent branches once each', () => {
    expect(branchSuggestions('main', ['dev', 'main', 'feat/a', 'dev'])).toEqual(['main', 'dev', 'feat/a']);
    expect(branchSuggestions('main', ['dev', 'feat/a'], 'FE')).toEqual(['feat/a']);
  });
});
