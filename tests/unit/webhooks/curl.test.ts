// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shellQuote, toCurl } from '@/lib/webhooks/curl';
import { buildWebhookRequest, type WebhookRequest } from '@/lib/webhooks/request';
import { verifySignature } from '@/lib/webhooks/signature';

const TOKEN = 'tok-123';
const SECRET = "s3cr'et";
// A body that would do damage if the shell expanded anything in it.
const NASTY_BODY = `{"message":"it's $(touch /tmp/kd-pwned) \`id\` $HOME \\"q\\" ! %s","n":1}\n`;

/** Runs a copied command in `shell`, with curl replaced by a function that prints its arguments. */
function runWithFakeCurl(shell: string, command: string, env: Record<string, string>): string[] {
  const fakeCurl = `curl() { for arg in "$@"; do printf '%s\\037' "$arg"; done; }\n`;
  const result = spawnSync(shell, ['-c', fakeCurl + command], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${shell} exited ${result.status}: ${result.stderr}`);
  return result.stdout.split('\u001f').slice(0, -1);
}

function headersFrom(args: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  args.forEach((arg, i) => {
    if (arg !== '-H') return;
    const header = args[i + 1] ?? '';
    const colon = header.indexOf(':');
    headers[header.slice(0, colon)] = header.slice(colon + 1).trim();
  });
  return headers;
}

const bodyFrom = (args: string[]) => args[args.indexOf('--data-raw') + 1];

const request = (
  auth: Parameters<typeof buildWebhookRequest>[0]['auth'],
  endpoint = 'https://hooks.example.com/bk?x=1&y=2',
) => buildWebhookRequest({ endpoint, event: 'build.finished', rawBody: NASTY_BODY, auth, timestamp: 1_700_000_000 });

const shells = ['bash', 'dash'].filter((shell) => existsSync(`/usr/bin/${shell}`) || existsSync(`/bin/${shell}`));

describe('shellQuote', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", `'it'\\''s'`],
    ['', "''"],
    ['$HOME `id` "x"', `'$HOME \`id\` "x"'`],
  ])('%j', (value, quoted) => expect(shellQuote(value)).toBe(quoted));
});

describe('toCurl', () => {
  it('revealed: the exact request, every literal single-quoted', async () => {
    const command = toCurl(await request({ mode: 'token', token: TOKEN }), { revealSecret: true });
    expect(command).toBe(
      [
        "curl -X POST 'https://hooks.example.com/bk?x=1&y=2' \\",
        "  -H 'Content-Type: application/json' \\",
        "  -H 'X-Buildkite-Event: build.finished' \\",
        "  -H 'X-Buildkite-Token: tok-123' \\",
        `  --data-raw ${shellQuote(NASTY_BODY)}`,
      ].join('\n'),
    );
  });

  it('masked token mode: no token in the text, an env variable in its place', async () => {
    const command = toCurl(await request({ mode: 'token', token: TOKEN }), { revealSecret: false });
    expect(command).not.toContain(TOKEN);
    expect(command).toContain('"X-Buildkite-Token: $BUILDKITE_WEBHOOK_TOKEN"');
    expect(command.split('\n')[0]).toMatch(/^: "\$\{BUILDKITE_WEBHOOK_TOKEN:\?/);
  });

  it('masked signature mode: neither the secret nor the signature appear', async () => {
    const sent = await request({ mode: 'signature', secret: SECRET });
    const signature = /signature=([0-9a-f]+)/.exec(sent.headers['X-Buildkite-Signature'] ?? '')?.[1] ?? '';
    const command = toCurl(sent, { revealSecret: false });
    expect(command).not.toContain(signature);
    expect(command).not.toContain('s3cr');
    expect(command).toContain('$BUILDKITE_WEBHOOK_SECRET');
  });

  it('masks the secret part of a pipeline trigger URL', () => {
    const trigger: WebhookRequest = {
      url: 'https://webhook.buildkite.com/deliver/bktr_SeCrEt123',
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    };
    const masked = toCurl(trigger, { revealSecret: false });
    expect(masked).not.toContain('bktr_SeCrEt123');
    expect(masked).toContain(`'https://webhook.buildkite.com/deliver/'"$BUILDKITE_TRIGGER_TOKEN"`);
    expect(toCurl(trigger, { revealSecret: true })).toContain('bktr_SeCrEt123');
  });

  describe.each(shells)('runs as pasted in %s', (shell) => {
    it('revealed: the shell passes URL, headers and body through byte for byte', async () => {
      const sent = await request({ mode: 'token', token: TOKEN });
      const args = runWithFakeCurl(shell, toCurl(sent, { revealSecret: true }), {});
      expect(args.slice(0, 3)).toEqual(['-X', 'POST', sent.url]);
      expect(headersFrom(args)).toEqual(sent.headers);
      expect(bodyFrom(args)).toBe(NASTY_BODY);
      expect(existsSync('/tmp/kd-pwned')).toBe(false);
    });

    it('masked token mode sends the token from the environment', async () => {
      const sent = await request({ mode: 'token', token: TOKEN });
      const args = runWithFakeCurl(shell, toCurl(sent, { revealSecret: false }), { BUILDKITE_WEBHOOK_TOKEN: TOKEN });
      expect(headersFrom(args)).toEqual(sent.headers);
      expect(bodyFrom(args)).toBe(NASTY_BODY);
    });

    it('masked token mode stops with a clear message while the variable is unset', async () => {
      const command = toCurl(await request({ mode: 'token', token: TOKEN }), { revealSecret: false });
      const fakeCurl = `curl() { echo CALLED; }\n`;
      const result = spawnSync(shell, ['-c', fakeCurl + command], {
        env: { PATH: process.env['PATH'] ?? '' },
        encoding: 'utf8',
      });
      expect(result.status).not.toBe(0);
      expect(result.stdout).not.toContain('CALLED');
      expect(result.stderr).toMatch(/export BUILDKITE_WEBHOOK_TOKEN=/);
    });

    it.runIf(spawnSync('openssl', ['version']).status === 0)(
      'masked signature mode re-signs the body with openssl, and the signature verifies',
      async () => {
        const sent = await request({ mode: 'signature', secret: SECRET });
        const args = runWithFakeCurl(shell, toCurl(sent, { revealSecret: false }), {
          BUILDKITE_WEBHOOK_SECRET: SECRET,
        });
        const headers = headersFrom(args);
        expect(bodyFrom(args)).toBe(NASTY_BODY);
        expect(headers['X-Buildkite-Event']).toBe('build.finished');
        const verified = await verifySignature({
          header: headers['X-Buildkite-Signature'],
          rawBody: bodyFrom(args) ?? '',
          secret: SECRET,
        });
        expect(verified).toMatchObject({ valid: true });
      },
    );
  });
});
