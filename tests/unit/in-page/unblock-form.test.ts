import { describe, expect, it } from 'vitest';
import type { BlockField } from '@/lib/builds/model';
import { fieldsToSend, initialValue, validateFields, validateKeyValues } from '@/lib/in-page/unblock-form';
import { build } from './fixtures';

const fields = build().jobs[3]!.fields as BlockField[];

describe('unblock form', () => {
  it('starts from defaults', () => {
    expect(fields.map(initialValue)).toEqual(['', 'staging', []]);
  });
  it('requires required fields, with a message per field', () => {
    expect(validateFields(fields, { 'release-name': '  ', environment: '', regions: [] })).toEqual({
      'release-name': 'Release name is required.',
      environment: 'Choose an option.',
    });
  });
  it('rejects values that are not options', () => {
    expect(validateFields(fields, { 'release-name': 'v1', environment: 'moon', regions: ['mars'] })).toEqual({
      environment: 'Choose one of the listed options.',
      regions: 'Choose one of the listed options.',
    });
  });
  it('sends filled fields and leaves empty optional ones out', () => {
    const values = { 'release-name': 'v2.5', environment: 'production', regions: [] };
    expect(validateFields(fields, values)).toEqual({});
    expect(fieldsToSend(fields, values)).toEqual({ 'release-name': 'v2.5', environment: 'production' });
    expect(fieldsToSend(fields, { ...values, regions: ['us-east', 'eu-west'] })).toMatchObject({
      regions: ['us-east', 'eu-west'],
    });
  });
  it('checks free key/values (unknown fields)', () => {
    expect(
      validateKeyValues([
        { key: 'notes', value: 'x' },
        { key: '', value: '' },
      ]),
    ).toEqual({ problems: {}, values: { notes: 'x' } });
    const bad = validateKeyValues([
      { key: 'has space', value: '1' },
      { key: 'a', value: '1' },
      { key: 'a', value: '2' },
    ]);
    expect(Object.keys(bad.problems)).toEqual(['0', '2']);
  });
});
