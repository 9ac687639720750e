// @vitest-environment node
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '@/lib/webhooks/json-syntax';
import { buildWebhookRequest, indexFromEngineMessage, validatePayloadJson } from '@/lib/webhooks/request';
import { verifySignature } from '@/lib/webhooks/signature';

const body = '{"event":"ping","service":{"provider":"webhook"}}';

describe('buildWebhookRequest', () => {
  it('token mode: JSON content type, the event and the token, body untouched', async () => {
    const request = await buildWebhookRequest({
      endpoint: 'https://hooks.example.com/bk',
      event: 'ping',
      rawBody: body,
      auth: { mode: 'token', token: 'tok-123' },
    });
    expect(request).toEqual({
      url: 'https://hooks.example.com/bk',
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Buildkite-Event': 'ping', 'X-Buildkite-Token': 'tok-123' },
      body,
    });
  });

  it('signature mode: signs the exact body with the given timestamp, and nothing else carries the secret', async () => {
    const pretty = `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
    const request = await buildWebhookRequest({
      endpoint: new URL('http://127.0.0.1:4010/hook'),
      event: 'build.finished',
      rawBody: pretty,
      auth: { mode: 'signature', secret: 's3cret' },
      timestamp: 1_700_000_000,
    });
    const expected = createHmac('sha256', 's3cret').update(`1700000000.${pretty}`).digest('hex');
    expect(request.headers).toEqual({
      'Content-Type': 'application/json',
      'X-Buildkite-Event': 'build.finished',
      'X-Buildkite-Signature': `timestamp=1700000000,signature=${expected}`,
    });
    expect(request.body).toBe(pretty);
    expect(JSON.stringify(request)).not.toContain('s3cret');
    const verified = await verifySignature({
      header: request.headers['X-Buildkite-Signature'],
      rawBody: request.body,
      secret: 's3cret',
      now: 1_700_000_001,
    });
    expect(verified.valid).toBe(true);
  });

  it('signature mode defaults the timestamp to now', async () => {
    const before = Math.floor(Date.now() / 1000);
    const request = await buildWebhookRequest({
      endpoint: 'https://x.example/',
      event: 'ping',
      rawBody: body,
      auth: { mode: 'signature', secret: 'k' },
    });
    const timestamp = Number(/timestamp=(\d+)/.exec(request.headers['X-Buildkite-Signature'] ?? '')?.[1]);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('Test Engine: no X-Buildkite-Event (undocumented there); mode none sends no auth header', async () => {
    const request = await buildWebhookRequest({
      endpoint: 'https://x.example/',
      event: 'workflow.alarm',
      rawBody: '{}',
      auth: { mode: 'none' },
    });
    expect(request.headers).toEqual({ 'Content-Type': 'application/json' });
  });
});

describe('validatePayloadJson', () => {
  it('returns the parsed value', () => {
    expect(validatePayloadJson(' {"a":[1,2,{"b":null}]} ')).toEqual({ ok: true, value: { a: [1, 2, { b: null }] } });
  });

  it.each([
    ['empty', '', 1, 1, /empty/],
    ['trailing comma in object', '{\n  "a": 1,\n}', 2, 9, /Trailing comma/],
    ['trailing comma in array', '[1, 2, ]', 1, 6, /Trailing comma/],
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3, /Expected "," or "}"/],
    ['single quotes', "{'a': 1}", 1, 2, /double quotes/],
    ['unquoted key', '{a: 1}', 1, 2, /property name in double quotes/],
    ['missing colon', '{"a" 1}', 1, 6, /Expected ":"/],
    ['unterminated string', '{"a": "abc', 1, 7, /Unterminated string/],
    ['raw newline in string', '{"a": "x\ny"}', 1, 9, /line break/],
    ['bad escape', '{"a": "\\x"}', 1, 8, /Invalid escape/],
    ['short unicode escape', '{"a": "\\u12"}', 1, 8, /4 hex digits/],
    ['leading zero', '{"a": 012}', 1, 7, /leading zeros/],
    ['bare word', '{"a": yes}', 1, 7, /double quotes/],
    ['undefined', '{"a": undefined}', 1, 7, /undefined is not a JSON value/],
    ['NaN', '[NaN]', 1, 2, /NaN/],
    ['comment', '{\n  // note\n  "a": 1\n}', 2, 3, /Comments/],
    ['unclosed object', '{"a": 1', 1, 8, /not closed/],
    ['unclosed array', '[1, 2', 1, 6, /not closed/],
    ['text after the value', '{"a": 1} x', 1, 10, /after the end/],
    ['two values', '{}\n{}', 2, 1, /after the end/],
    ['missing value', '{"a": }', 1, 7, /value is expected/],
    ['lone minus', '[-]', 1, 2, /Invalid number/],
    ['decimal without digits', '[1.]', 1, 2, /Invalid number/],
    ['column after a multi-line string prefix', '{\n"emoji": "😀", oops}', 2, 16, /property name/],
  ])('%s → line %i, column %i', (_label, text, line, column, message) => {
    const result = validatePayloadJson(text);
    expect(result).toMatchObject({ ok: false, line, column });
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('the JSON scanner agrees with JSON.parse', () => {
  const samples = [
    '{"event":"ping","n":-1.5e+3,"ok":true,"none":null,"list":[1,"two",{"3":[]}],"s":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"}',
    '[]',
    '0',
    '"x"',
    ' \r\n\t{ } ',
  ];
  const alphabet = [
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    '\\',
    '1',
    '0',
    '-',
    '.',
    'e',
    't',
    'n',
    ' ',
    '\n',
    'x',
    "'",
    '/',
  ];

  it('on valid samples and thousands of mutations of them', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const texts: string[] = [...samples];
    for (let i = 0; i < 4000; i++) {
      const base = samples[random(samples.length)] ?? '';
      const at = random(base.length + 1);
      const op = random(3);
      const char = alphabet[random(alphabet.length)] ?? '';
      texts.push(
        op === 0
          ? base.slice(0, at) + base.slice(at + 1)
          : op === 1
            ? base.slice(0, at) + char + base.slice(at)
            : base.slice(0, at) + char + base.slice(at + 1),
      );
    }
    for (const text of texts) {
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(findJsonSyntaxError(text) === null, JSON.stringify(text)).toBe(parses);
    }
  });
});

describe('indexFromEngineMessage (fallback for engine messages)', () => {
  const text = '{\n  "a": 1,\n}';
  it.each([
    ['V8 with line/column', 'Expected double-quoted property name in JSON at position 12 (line 3 column 1)', 12],
    ['V8 position only', 'Unexpected token } in JSON at position 12', 12],
    ['SpiderMonkey', 'JSON.parse: expected double-quoted property name at line 3 column 1 of the JSON data', 12],
    ['JavaScriptCore (no position)', 'JSON Parse error: Expected a property name', null],
  ])('%s', (_label, message, index) => expect(indexFromEngineMessage(message, text)).toBe(index));
});
