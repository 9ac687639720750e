// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { BlockField } from '@/lib/builds/model';
import { checkFieldAnswers, defaultAnswers, encodeFieldAnswers } from '@/lib/builds/unblock-fields';

const text = (over: Partial<BlockField> = {}): BlockField => ({
  key: 'notes',
  kind: 'text',
  label: 'Notes',
  hint: null,
  required: true,
  default: null,
  multiple: false,
  options: [],
  ...over,
});
const select = (over: Partial<BlockField> = {}): BlockField => ({
  key: 'env',
  kind: 'select',
  label: 'Environment',
  hint: null,
  required: true,
  default: null,
  multiple: false,
  options: [
    { label: 'Staging', value: 'staging' },
    { label: 'Production', value: 'production' },
  ],
  ...over,
});

describe('checkFieldAnswers', () => {
  it.each<[string, BlockField[], Record<string, string | string[]>, string[]]>([
    ['required text given', [text()], { notes: 'x' }, []],
    ['required text empty', [text()], { notes: '  ' }, ['Notes is required']],
    ['optional text empty', [text({ required: false })], {}, []],
    ['required select satisfied by its default', [select({ default: 'staging' })], {}, []],
    ['unknown option', [select()], { env: 'qa' }, ['Environment is not one of the options']],
    [
      'two options on a single select',
      [select()],
      { env: ['staging', 'production'] },
      ['Environment takes only one option'],
    ],
    ['multiple select', [select({ multiple: true })], { env: ['staging', 'production'] }, []],
    ['format matches', [text({ format: 'v[0-9]+' })], { notes: 'v12' }, []],
    [
      'format does not match',
      [text({ format: 'v[0-9]+' })],
      { notes: 'twelve' },
      ['Notes does not match the format v[0-9]+'],
    ],
  ])('%s', (_name, fields, answers, expected) => {
    expect(checkFieldAnswers(fields, answers).map((problem) => `${problem.label} ${problem.message}`)).toEqual(
      expected,
    );
  });
});

describe('encoding', () => {
  it('multiple selects are newline-separated strings; defaults fill what was left out', () => {
    expect(encodeFieldAnswers({ a: 'x', b: ['1', '2'] })).toEqual({ a: 'x', b: '1\n2' });
    expect(
      defaultAnswers([select({ default: 'staging' }), text(), select({ key: 'r', multiple: true, default: ['a'] })]),
    ).toEqual({ env: 'staging', r: ['a'] });
  });
});
