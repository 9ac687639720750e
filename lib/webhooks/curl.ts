/**
 * A webhook request as a curl command to copy, for POSIX shells (bash, zsh, dash). Every literal is single-quoted
 * (a `'` inside becomes `'\''`), so nothing in a URL, header or body is ever expanded by the shell.
 *
 * Masked (the default for anything shown on screen) hides every secret behind an environment variable, and the
 * command still runs once that variable is exported:
 * - token mode: `-H "X-Buildkite-Token: $BUILDKITE_WEBHOOK_TOKEN"`;
 * - signature mode: a signature can't be masked and stay valid, so the command re-signs the body with openssl
 *   using `$BUILDKITE_WEBHOOK_SECRET` and the current time (a copied signature would also go stale after the
 *   receiver's replay window);
 * - pipeline trigger URLs, whose `bktr_…` path is the secret: `$BUILDKITE_TRIGGER_TOKEN`.
 * Each masked command starts with `: "${VAR:?…}" &&`, which stops it with a clear message while VAR is unset.
 * Revealed gives the exact request as sent, secrets and signature included (a replay).
 */

import type { WebhookRequest } from './request';

export const TOKEN_ENV = 'BUILDKITE_WEBHOOK_TOKEN';
export const SECRET_ENV = 'BUILDKITE_WEBHOOK_SECRET';
export const TRIGGER_TOKEN_ENV = 'BUILDKITE_TRIGGER_TOKEN';

const CONTINUE = ' \\\n  ';
const TRIGGER_PATH = /^(https:\/\/webhook\.buildkite\.com\/deliver\/)(bktr_[A-Za-z0-9_-]+)(\/?)$/;

export interface CurlOptions {
  /** Show the token, the signature and a trigger URL's secret as they are, instead of variables. */
  revealSecret: boolean;
}

/** Single-quotes `value` for a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(request: WebhookRequest, options: CurlOptions): string {
  if (options.revealSecret) {
    return curlCommand(
      shellQuote(request.url),
      Object.entries(request.headers).map(([name, value]) => shellQuote(`${name}: ${value}`)),
      shellQuote(request.body),
    );
  }
  const guards: string[] = [];
  const steps: string[] = [];
  let url = shellQuote(request.url);
  const trigger = TRIGGER_PATH.exec(request.url);
  if (trigger) {
    guards.push(requireVariable(TRIGGER_TOKEN_ENV, 'the bktr_… part of the pipeline trigger URL'));
    url = `${shellQuote(trigger[1] ?? '')}"$${TRIGGER_TOKEN_ENV}"${trigger[3] ? shellQuote(trigger[3]) : ''}`;
  }
  let body = shellQuote(request.body);
  const headers: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'x-buildkite-token') {
      guards.push(requireVariable(TOKEN_ENV, 'the webhook token'));
      headers.push(`"${name}: $${TOKEN_ENV}"`);
    } else if (lower === 'x-buildkite-signature') {
      guards.push(requireVariable(SECRET_ENV, 'the webhook secret'));
      steps.push(
        `KD_BODY=${body}`,
        'KD_TS=$(date +%s)',
        `KD_SIG=$(printf '%s.%s' "$KD_TS" "$KD_BODY" | openssl dgst -sha256 -hmac "$${SECRET_ENV}" | awk '{print $NF}')`,
      );
      body = '"$KD_BODY"';
      headers.push(`"${name}: timestamp=$KD_TS,signature=$KD_SIG"`);
    } else {
      headers.push(shellQuote(`${name}: ${value}`));
    }
  }
  return [...guards, ...steps, curlCommand(url, headers, body)].join(' &&\n');
}

function requireVariable(variable: string, what: string): string {
  return `: "\${${variable}:?export ${variable}=<${what}> first}"`;
}

function curlCommand(url: string, headers: string[], body: string): string {
  const parts = ['curl', '-X POST', url, ...headers.map((header) => `-H ${header}`), `--data-raw ${body}`];
  return `${parts[0]} ${parts[1]} ${parts[2]}${parts
    .slice(3)
    .map((part) => `${CONTINUE}${part}`)
    .join('')}`;
}
