/** Checks a pasted token before any request is made. */
export type TokenFormat =
  | { ok: true; token: string; prefixed: boolean; note?: string }
  | { ok: false; message: string };

const OTHER_PREFIXES: Record<string, string> = {
  bkpat_: 'a portal access token',
  bkps_: 'a portal secret',
  bktr_: 'a pipeline trigger secret',
  bkct_: 'a cluster agent token',
  bkar_: 'an agent registration token',
  bkaa_: 'an agent session token',
  bkaj_: 'an agent job token',
  bkpt_: 'a Package Registries token',
};

export function checkTokenFormat(input: string): TokenFormat {
  let token = input.trim();
  if (/^bearer\s+/i.test(token)) token = token.replace(/^bearer\s+/i, '').trim();
  if (token === '') return { ok: false, message: 'Paste a Buildkite API access token.' };
  if (/\s/.test(token)) return { ok: false, message: 'A token has no spaces or line breaks: paste only the token.' };
  const other = Object.entries(OTHER_PREFIXES).find(([prefix]) => token.startsWith(prefix));
  if (other) {
    return {
      ok: false,
      message: `This looks like ${other[1]}, not a user API access token. Create one at Buildkite → Personal Settings → API Access Tokens (it starts with bkua_).`,
    };
  }
  if (!/^[A-Za-z0-9_-]+$/.test(token)) {
    return { ok: false, message: 'A token holds only letters, digits, “_” and “-”. Check what you pasted.' };
  }
  if (token.startsWith('bkua_')) {
    if (token.length < 20) return { ok: false, message: 'This token is too short: it looks cut off.' };
    return { ok: true, token, prefixed: true };
  }
  if (token.startsWith('bktx_')) {
    if (token.length < 20) return { ok: false, message: 'This token is too short: it looks cut off.' };
    return { ok: true, token, prefixed: true, note: 'A short-lived token-exchange token: it will expire soon.' };
  }
  if (token.length < 20) return { ok: false, message: 'This token is too short: it looks cut off.' };
  return {
    ok: true,
    token,
    prefixed: false,
    note: 'No bkua_ prefix: an older token (made before March 2023). It works, but consider rotating it.',
  };
}
