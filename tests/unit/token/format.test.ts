// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkTokenFormat } from '@/lib/token/format';

const HEX40 = '0123456789abcdef0123456789abcdef01234567';
const BKUA = `bkua_${HEX40}`;

describe('checkTokenFormat: accepted tokens', () => {
  const accepted: { name: string; input: string; token: string; prefixed: boolean; note?: RegExp }[] = [
    { name: 'a bkua_ token as pasted', input: BKUA, token: BKUA, prefixed: true },
    {
      name: 'surrounding spaces and a trailing newline are trimmed',
      input: `  ${BKUA}\n`,
      token: BKUA,
      prefixed: true,
    },
    { name: 'a leading tab and CRLF are trimmed', input: `\t${BKUA}\r\n`, token: BKUA, prefixed: true },
    { name: 'a "Bearer " prefix is removed', input: `Bearer ${BKUA}`, token: BKUA, prefixed: true },
    {
      name: 'a lower-case "bearer" with several spaces is removed',
      input: `  bearer   ${BKUA} `,
      token: BKUA,
      prefixed: true,
    },
    { name: 'an upper-case "BEARER" is removed', input: `BEARER ${BKUA}`, token: BKUA, prefixed: true },
    {
      name: 'a bkua_ token with "-" and "_" in it',
      input: 'bkua_abc-DEF_ghi-123_456-789',
      token: 'bkua_abc-DEF_ghi-123_456-789',
      prefixed: true,
    },
    {
      name: 'an unprefixed 40-hex token (before March 2023), with a note',
      input: HEX40,
      token: HEX40,
      prefixed: false,
      note: /older token.*March 2023/,
    },
    {
      name: 'an unprefixed token after "Bearer "',
      input: `Bearer ${HEX40}`,
      token: HEX40,
      prefixed: false,
      note: /No bkua_ prefix/,
    },
    {
      name: 'a bktx_ token-exchange token, with a note that it is short-lived',
      input: `bktx_${HEX40}`,
      token: `bktx_${HEX40}`,
      prefixed: true,
      note: /short-lived/,
    },
  ];

  it.each(accepted)('$name', ({ input, token, prefixed, note }) => {
    const result = checkTokenFormat(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.token).toBe(token);
    expect(result.prefixed).toBe(prefixed);
    if (note) expect(result.note).toMatch(note);
    else expect(result.note).toBeUndefined();
  });
});

describe('checkTokenFormat: refused input', () => {
  const refused: { name: string; input: string; message: RegExp }[] = [
    { name: 'empty', input: '', message: /Paste a Buildkite API access token/ },
    { name: 'only whitespace', input: ' \n\t ', message: /Paste a Buildkite API access token/ },
    { name: '"Bearer " and nothing else', input: 'Bearer   \n', message: /too short|Paste/ },
    {
      name: 'a space inside',
      input: `bkua_${HEX40.slice(0, 20)} ${HEX40.slice(20)}`,
      message: /no spaces or line breaks/,
    },
    {
      name: 'a line break inside',
      input: `bkua_${HEX40.slice(0, 20)}\n${HEX40.slice(20)}`,
      message: /no spaces or line breaks/,
    },
    { name: 'a whole "Authorization:" header', input: `Authorization: Bearer ${BKUA}`, message: /no spaces/ },
    { name: 'a cut-off bkua_ token', input: 'bkua_0123456789', message: /too short/ },
    { name: 'a cut-off unprefixed token', input: '0123456789abcdef', message: /too short/ },
    { name: 'a quote pasted with the token', input: `"${BKUA}"`, message: /only letters, digits/ },
    { name: 'a "$" inside', input: `bkua_${HEX40.slice(0, 30)}$abc`, message: /only letters, digits/ },
    { name: 'a non-ASCII letter inside', input: `bkua_${HEX40.slice(0, 30)}é`, message: /only letters, digits/ },
    {
      name: 'a URL instead of a token',
      input: 'https://buildkite.com/user/api-access-tokens',
      message: /only letters, digits/,
    },
  ];

  it.each(refused)('$name', ({ input, message }) => {
    const result = checkTokenFormat(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(message);
  });
});

describe('checkTokenFormat: other Buildkite credentials are named, not accepted', () => {
  const others: [prefix: string, what: RegExp][] = [
    ['bkpat_', /a portal access token/],
    ['bkps_', /a portal secret/],
    ['bktr_', /a pipeline trigger secret/],
    ['bkct_', /a cluster agent token/],
    ['bkar_', /an agent registration token/],
    ['bkaa_', /an agent session token/],
    ['bkaj_', /an agent job token/],
    ['bkpt_', /a Package Registries token/],
  ];

  it.each(others)('%s', (prefix, what) => {
    for (const input of [`${prefix}${HEX40}`, `Bearer ${prefix}${HEX40}`, `  ${prefix}${HEX40}\n`]) {
      const result = checkTokenFormat(input);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.message).toMatch(what);
      expect(result.message).toMatch(/not a user API access token/);
      expect(result.message).toMatch(/bkua_/);
    }
  });
});
