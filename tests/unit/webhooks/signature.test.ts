// @vitest-environment node
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  firstDifference,
  parseSignatureHeader,
  signatureHeader,
  signPayload,
  verifySignature,
  verifyTokenHeader,
} from '@/lib/webhooks/signature';

// Digest §5.8: go-buildkite's TestValidatePayload fixture.
const FIXTURE_SECRET = '29b1ff5779c76bd48ba6705eb99ff970';
const FIXTURE_TIMESTAMP = 1642080837;
const FIXTURE_SIGNATURE = '582d496ac2d869dd97a3101c4cda346288c49a742592daf582ec64c86449f79c';
const FIXTURE_HEADER = `timestamp=${FIXTURE_TIMESTAMP},signature=${FIXTURE_SIGNATURE}`;
const FIXTURE_BODY =
  '{"event":"ping","service":{"id":"c9f8372d-c0cd-43dc-9274-768a875cf6ca","provider":"webhook","settings":{"url":"https://server.com/webhooks"}},"organization":{"id":"49801950-1df0-474f-bb56-ad6a930c5cb9","graphql_id":"T3JnYW5pemF0aW9uLS0tZTBmMzk3MgsTksGkxOWYtZTZjNzczZTJiYjEy","url":"https://api.buildkite.com/v2/organizations/acme-inc","web_url":"https://buildkite.com/acme-inc","name":"ACME Inc","slug":"acme-inc","agents_url":"https://api.buildkite.com/v2/organizations/acme-inc/agents","emojis_url":"https://api.buildkite.com/v2/organizations/acme-inc/emojis","created_at":"2021-02-03T20:34:10.486Z","pipelines_url":"https://api.buildkite.com/v2/organizations/acme-inc/pipelines"},"sender":{"id":"c9f8372d-c0cd-43dc-9269-bcbb7f308e3f","name":"ACME Man"}}';
const BODY_ONLY_HMAC_PREFIX = '0ab6636b';

const nodeSign = (secret: string, body: string, timestamp: number) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

describe('signing: the worked example of digest §5.8', () => {
  it('signs "<timestamp>.<body>" to the fixture signature and formats the fixture header', async () => {
    const hex = await signPayload(FIXTURE_SECRET, FIXTURE_BODY, FIXTURE_TIMESTAMP);
    expect(hex).toBe(FIXTURE_SIGNATURE);
    expect(signatureHeader(FIXTURE_TIMESTAMP, hex)).toBe(FIXTURE_HEADER);
  });

  it('differs from the HMAC of the body alone (0ab6636b…), which is not what Buildkite signs', () => {
    const bodyOnly = createHmac('sha256', FIXTURE_SECRET).update(FIXTURE_BODY).digest('hex');
    expect(bodyOnly.startsWith(BODY_ONLY_HMAC_PREFIX)).toBe(true);
    expect(bodyOnly).not.toBe(FIXTURE_SIGNATURE);
  });

  it('verifies the fixture and reports its age', async () => {
    const result = await verifySignature({
      header: FIXTURE_HEADER,
      rawBody: FIXTURE_BODY,
      secret: FIXTURE_SECRET,
      now: FIXTURE_TIMESTAMP + 42,
    });
    expect(result).toEqual({ valid: true, timestamp: FIXTURE_TIMESTAMP, ageSeconds: 42 });
  });

  it('rejects timestamps that are not whole non-negative seconds', async () => {
    await expect(signPayload('s', '{}', 1.5)).rejects.toThrow(RangeError);
    expect(() => signatureHeader(-1, 'ab')).toThrow(RangeError);
  });
});

describe('signing agrees with node:crypto on random inputs', () => {
  const alphabet = 'abc XYZ 0123 {}[]":,\n\t\\ é ü 漢字 😀 \u2028 <>&\'';
  const randomText = (length: number) =>
    Array.from(randomBytes(length), (byte) => [...alphabet][byte % [...alphabet].length]).join('');

  it.each(Array.from({ length: 40 }, (_, i) => i))('random case %i', async () => {
    const secret = randomBytes(1 + ((randomBytes(1)[0] ?? 0) % 40)).toString('hex') + randomText(3);
    const body = randomText((randomBytes(1)[0] ?? 0) * 4);
    const timestamp = 1_600_000_000 + (randomBytes(4).readUInt32BE(0) % 200_000_000 | 0);
    const hex = await signPayload(secret, body, timestamp);
    expect(hex).toBe(nodeSign(secret, body, timestamp));
    const verified = await verifySignature({
      header: signatureHeader(timestamp, hex),
      rawBody: body,
      secret,
      now: timestamp,
    });
    expect(verified.valid).toBe(true);
  });
});

describe('parseSignatureHeader', () => {
  it.each([
    ['the fixture', FIXTURE_HEADER, FIXTURE_TIMESTAMP, FIXTURE_SIGNATURE],
    [
      'spaces around parts and "="',
      ` timestamp = ${FIXTURE_TIMESTAMP} ,  signature= ${FIXTURE_SIGNATURE} `,
      FIXTURE_TIMESTAMP,
      FIXTURE_SIGNATURE,
    ],
    [
      'reversed order',
      `signature=${FIXTURE_SIGNATURE},timestamp=${FIXTURE_TIMESTAMP}`,
      FIXTURE_TIMESTAMP,
      FIXTURE_SIGNATURE,
    ],
    [
      'uppercase hex (returned lowercase)',
      `timestamp=1,signature=${FIXTURE_SIGNATURE.toUpperCase()}`,
      1,
      FIXTURE_SIGNATURE,
    ],
  ])('accepts %s', (_label, header, timestamp, signature) => {
    expect(parseSignatureHeader(header)).toEqual({ ok: true, timestamp, signature });
  });

  const sig = FIXTURE_SIGNATURE;
  it.each([
    ['null', null, /missing or empty/],
    ['empty', '', /missing or empty/],
    ['spaces only', '   ', /missing or empty/],
    ['a bare token (token mode)', '309c9c842g8565adecpd7469x6005989', /X-Buildkite-Token/],
    ['go-buildkite "invalid"', 'invalid', /not a signature header/],
    ['go-buildkite non-hex "yo"', 'timestamp=1642080837,signature=yo', /not hex: "y" at character 1/],
    [
      'the docs example of §8.2 (non-hex "l")',
      'timestamp=1619071700,signature=30222eb518dc3fb61ef8d6b0d6a6ldb40f1fbd3bd7a6d6bb1ee4edbn6e3c5d3',
      /not hex: "l"/,
    ],
    ['missing timestamp', `signature=${sig}`, /timestamp is missing/],
    ['missing signature', 'timestamp=1642080837', /signature is missing/],
    ['empty timestamp', `timestamp=,signature=${sig}`, /timestamp is empty/],
    ['empty signature', 'timestamp=1642080837,signature=', /signature is empty/],
    ['short signature', 'timestamp=1642080837,signature=abcd', /wrong length: 4 hex characters/],
    ['long signature', `timestamp=1642080837,signature=${sig}00`, /wrong length: 66/],
    ['milliseconds', `timestamp=1642080837000,signature=${sig}`, /milliseconds/],
    ['negative timestamp', `timestamp=-5,signature=${sig}`, /not a whole number/],
    ['decimal timestamp', `timestamp=1642080837.5,signature=${sig}`, /not a whole number/],
    ['date timestamp', `timestamp=2022-01-13,signature=${sig}`, /not a whole number/],
    ['duplicate key', `timestamp=1,timestamp=2,signature=${sig}`, /more than once/],
    ['unknown key', `timestamp=1,signature=${sig},v=1`, /Unknown part "v"/],
    ['trailing comma', `timestamp=1,signature=${sig},`, /empty part/],
    ['semicolons', `timestamp=1;signature=${sig}`, /separated by ";"/],
    ['GitHub style header', `sha256=${sig}`, /GitHub/],
    ['GitHub style signature', `timestamp=1,signature=sha256=${sig}`, /GitHub/],
    ['part without "="', `timestamp=1,${sig}`, /has no "="/],
  ])('refuses %s', (_label, header, reason) => {
    const parsed = parseSignatureHeader(header);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('verifySignature explains failures', () => {
  const secret = 'whsec-kitedeck-test';
  const timestamp = 1_700_000_000;
  const sent = '{"event":"build.finished","build":{"number":15,"state":"passed","message":"Fix <b> & co"}}';
  const signedHeader = async (body = sent, key = secret) =>
    signatureHeader(timestamp, await signPayload(key, body, timestamp));
  const base = async () => ({ header: await signedHeader(), rawBody: sent, secret, now: timestamp + 10 });

  it('malformed headers are reported as such, with the parser reason', async () => {
    const result = await verifySignature({ ...(await base()), header: 'timestamp=abc,signature=00' });
    expect(result).toMatchObject({ valid: false, reason: 'malformed-header' });
    if (!result.valid) expect(result.detail).toMatch(/not a whole number/);
  });

  it('wrong secret: wrong-secret-or-body, with what to check', async () => {
    const result = await verifySignature({ ...(await base()), secret: 'another-secret' });
    expect(result).toMatchObject({
      valid: false,
      reason: 'wrong-secret-or-body',
      hint: 'none',
      timestamp,
      ageSeconds: 10,
    });
    if (!result.valid) expect(result.detail).toMatch(/raw request bytes/);
  });

  it('wrong secret with the sent body known: the body is as sent, so the secret is wrong', async () => {
    const result = await verifySignature({ ...(await base()), secret: 'another-secret', originalBody: sent });
    expect(result).toMatchObject({ reason: 'wrong-secret-or-body', hint: 'body-is-as-sent' });
  });

  it('pretty-printed body (re-serialised after receipt) is proven body-changed without the original', async () => {
    const pretty = JSON.stringify(JSON.parse(sent), null, 2);
    const result = await verifySignature({ ...(await base()), rawBody: pretty });
    expect(result).toMatchObject({
      valid: false,
      reason: 'body-changed',
      sameJson: true,
      signatureMatchesComparedBody: true,
    });
    if (result.valid || result.reason !== 'body-changed') throw new Error('expected body-changed');
    expect(result.comparedWith).toBe('compact');
    expect(result.difference).toMatchObject({ index: 1, line: 1, column: 2, aChar: 'newline', bChar: '"""' });
    expect(result.detail).toMatch(/same JSON/);
  });

  it('Rails-style \\u003c escapes lost by JSON.stringify(req.body) are proven body-changed', async () => {
    const railsBody = sent.replace('<', '\\u003c').replace('>', '\\u003e').replace('&', '\\u0026');
    const header = await signedHeader(railsBody);
    const result = await verifySignature({
      header,
      rawBody: JSON.stringify(JSON.parse(railsBody)),
      secret,
      now: timestamp,
    });
    expect(result).toMatchObject({ reason: 'body-changed', comparedWith: 'compact-html-escaped', sameJson: true });
  });

  it('a trailing newline added to the body is proven body-changed', async () => {
    const result = await verifySignature({ ...(await base()), rawBody: `${sent}\n` });
    expect(result).toMatchObject({ reason: 'body-changed', comparedWith: 'without-trailing-whitespace' });
  });

  it('key order changed: body-changed against the sent body, same JSON, first difference located', async () => {
    const reordered = '{"build":{"number":15,"state":"passed","message":"Fix <b> & co"},"event":"build.finished"}';
    const result = await verifySignature({ ...(await base()), rawBody: reordered, originalBody: sent });
    expect(result).toMatchObject({
      reason: 'body-changed',
      comparedWith: 'original-body',
      sameJson: true,
      signatureMatchesComparedBody: true,
    });
    if (!result.valid && result.reason === 'body-changed') {
      expect(result.difference).toMatchObject({ index: 2, line: 1, column: 3, aChar: '"b"', bChar: '"e"' });
    }
  });

  it('key order changed without the original cannot be proven: wrong-secret-or-body', async () => {
    const reordered = '{"build":{"number":15,"state":"passed","message":"Fix <b> & co"},"event":"build.finished"}';
    const result = await verifySignature({ ...(await base()), rawBody: reordered });
    expect(result).toMatchObject({ reason: 'wrong-secret-or-body' });
  });

  it('a changed value: body-changed, not the same JSON', async () => {
    const changed = sent.replace('"passed"', '"failed"');
    const result = await verifySignature({ ...(await base()), rawBody: changed, originalBody: sent });
    expect(result).toMatchObject({ reason: 'body-changed', sameJson: false, signatureMatchesComparedBody: true });
    if (!result.valid && result.reason === 'body-changed') {
      expect(result.difference?.column).toBe(sent.indexOf('passed') + 1);
      expect(result.detail).toMatch(/JSON itself differs/);
    }
  });

  it('body changed and wrong secret: body-changed, saying the secret is also different', async () => {
    const changed = sent.replace('15', '16');
    const result = await verifySignature({ ...(await base()), rawBody: changed, originalBody: sent, secret: 'nope' });
    expect(result).toMatchObject({ reason: 'body-changed', signatureMatchesComparedBody: false });
    if (!result.valid) expect(result.detail).toMatch(/secret .* also different/);
  });

  it('a secret with a trailing newline is called out', async () => {
    const result = await verifySignature({ ...(await base()), secret: `${secret}\n` });
    expect(result).toMatchObject({ reason: 'wrong-secret-or-body', hint: 'secret-has-whitespace' });
  });

  it('a signature over the body alone (no "<timestamp>." prefix) is called out', async () => {
    const bodyOnly = createHmac('sha256', FIXTURE_SECRET).update(FIXTURE_BODY).digest('hex');
    const result = await verifySignature({
      header: `timestamp=${FIXTURE_TIMESTAMP},signature=${bodyOnly}`,
      rawBody: FIXTURE_BODY,
      secret: FIXTURE_SECRET,
      now: FIXTURE_TIMESTAMP,
    });
    expect(result).toMatchObject({ reason: 'wrong-secret-or-body', hint: 'signed-without-timestamp' });
  });

  it('a pretty body that matches no form is wrong-secret-or-body, noting Buildkite sends compact JSON', async () => {
    const pretty = JSON.stringify(JSON.parse(sent), null, 2);
    const result = await verifySignature({ ...(await base()), rawBody: pretty, secret: 'other' });
    expect(result).toMatchObject({ reason: 'wrong-secret-or-body', hint: 'body-is-not-compact-json' });
  });

  it.each([
    ['just inside the window', 300, true, undefined],
    ['too old', 301, false, 'timestamp-too-old'],
    ['a day old', 86_400, false, 'timestamp-too-old'],
    ['just inside, in the future', -300, true, undefined],
    ['in the future', -301, false, 'timestamp-in-future'],
  ])('timestamp %s (age %i s)', async (_label, age, valid, reason) => {
    const result = await verifySignature({ ...(await base()), now: timestamp + age });
    expect(result.valid).toBe(valid);
    expect(result).toMatchObject({ timestamp, ageSeconds: age, ...(reason ? { reason, toleranceSeconds: 300 } : {}) });
  });

  it('honours a custom tolerance', async () => {
    const result = await verifySignature({ ...(await base()), now: timestamp + 61, toleranceSeconds: 60 });
    expect(result).toMatchObject({ reason: 'timestamp-too-old', toleranceSeconds: 60 });
  });

  it('checks the signature before the timestamp: an old, wrongly signed request is a signature problem', async () => {
    const result = await verifySignature({ ...(await base()), secret: 'x', now: timestamp + 10_000 });
    expect(result).toMatchObject({ reason: 'wrong-secret-or-body' });
  });
});

describe('constantTimeEqual', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['abc', 'ab', false],
    ['', '', true],
    ['é', 'e', false],
  ])('%j vs %j → %s', (a, b, equal) => expect(constantTimeEqual(a, b)).toBe(equal));
});

describe('verifyTokenHeader', () => {
  const token = '309c9c842g8565adecpd7469x6005989';
  it.each([
    [token, { valid: true }],
    [undefined, { valid: false, reason: 'missing-header' }],
    ['', { valid: false, reason: 'missing-header' }],
    [`${token}\n`, { valid: false, reason: 'whitespace' }],
    [token.slice(1), { valid: false, reason: 'wrong-token' }],
    [FIXTURE_HEADER, { valid: false, reason: 'signature-mode' }],
  ])('%j', (header, expected) => expect(verifyTokenHeader(header, token)).toMatchObject(expected));
});

describe('firstDifference', () => {
  it('is null for identical texts', () => expect(firstDifference('same', 'same')).toBeNull());

  it('gives line, column, characters and excerpts', () => {
    const a = '{\n  "state": "passed",\n  "n": 1\n}';
    const b = '{\n  "state": "failed",\n  "n": 1\n}';
    expect(firstDifference(a, b)).toEqual({
      index: 14,
      line: 2,
      column: 13,
      aChar: '"p"',
      bChar: '"f"',
      aExcerpt: '{\n  "state": "passed",\n  "n": 1\n}',
      bExcerpt: '{\n  "state": "failed",\n  "n": 1\n}',
    });
  });

  it('reports the end of the shorter text and cuts long excerpts with …', () => {
    const a = 'x'.repeat(100);
    const difference = firstDifference(a, `${a}!`);
    expect(difference).toMatchObject({ index: 100, line: 1, column: 101, aChar: 'end of text', bChar: '"!"' });
    expect(difference?.aExcerpt).toBe(`…${'x'.repeat(16)}`);
    expect(difference?.bExcerpt).toBe(`…${'x'.repeat(16)}!`);
  });

  it('names invisible characters and never splits an emoji', () => {
    expect(firstDifference('a\tb', 'a b')).toMatchObject({ aChar: 'tab', bChar: 'space' });
    expect(firstDifference('a\r\nb', 'a\nb')).toMatchObject({ aChar: 'carriage return', bChar: 'newline' });
    expect(firstDifference('😀', '😃')).toMatchObject({ index: 0, aChar: '"😀"', bChar: '"😃"' });
  });
});
