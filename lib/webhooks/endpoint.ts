/**
 * Checks the URLs the Webhook lab sends to: a user's webhook endpoint, and a pipeline trigger URL.
 *
 * Endpoints: https anywhere; plain http only to this machine (`localhost`, `*.localhost`, `127.0.0.0/8`,
 * `[::1]`), because a webhook carries a token or a signature. No credentials in the URL.
 * `originPattern` is the host-permission match pattern for the origin, WITHOUT the port: Firefox does not
 * honour ports in match patterns, and a port-less pattern matches every port in both browsers.
 */

export type UrlCheck = { ok: true; url: URL; originPattern: string } | { ok: false; message: string };
export type TriggerUrlCheck =
  | { ok: true; url: URL; originPattern: string; triggerToken: string }
  | { ok: false; message: string };

export const TRIGGER_HOST = 'webhook.buildkite.com';
const TRIGGER_EXAMPLE = `https://${TRIGGER_HOST}/deliver/bktr_…`;

export function validateEndpointUrl(text: string): UrlCheck {
  const parsed = parseHttpUrl(text, 'https://hooks.example.com/buildkite');
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  if (url.protocol === 'http:' && !isThisMachine(url.hostname)) {
    return {
      ok: false,
      message:
        `Plain http:// is only allowed to this machine (localhost, 127.0.0.1, [::1]). Use https://${url.host}${url.pathname}: ` +
        'the webhook carries a token or a signature that must not travel unencrypted.',
    };
  }
  return { ok: true, url, originPattern: originPattern(url) };
}

/** A pipeline trigger URL: `https://webhook.buildkite.com/deliver/bktr_…` (the secret is the URL itself). */
export function validateTriggerUrl(text: string): TriggerUrlCheck {
  const parsed = parseHttpUrl(text, TRIGGER_EXAMPLE);
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  const copyHint = "Copy it from the pipeline's Settings → Triggers (it is shown once, when the trigger is created).";
  if (url.protocol !== 'https:' || url.hostname !== TRIGGER_HOST || url.port !== '') {
    return { ok: false, message: `Pipeline trigger URLs look like ${TRIGGER_EXAMPLE}. ${copyHint}` };
  }
  const match = /^\/deliver\/(bktr_[A-Za-z0-9_-]+)\/?$/.exec(url.pathname);
  if (!match?.[1]) {
    return {
      ok: false,
      message: `This URL is on ${TRIGGER_HOST} but its path isn't /deliver/bktr_…: it is not a complete trigger URL. ${copyHint}`,
    };
  }
  return { ok: true, url, originPattern: originPattern(url), triggerToken: match[1] };
}

/** `scheme://host/*` without the port (see the module comment). */
export function originPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}

/** `localhost`, `*.localhost`, `127.0.0.0/8` or `[::1]` (hostnames as the URL parser normalises them). */
export function isThisMachine(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function parseHttpUrl(text: string, example: string): { ok: true; url: URL } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `Enter a URL, for example ${example}.` };
  if (/\s/.test(trimmed))
    return { ok: false, message: 'The URL contains spaces; remove them (or encode them as %20).' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return {
      ok: false,
      message: hasScheme
        ? `"${shorten(trimmed)}" is not a valid URL. Check the host name and port, for example ${example}.`
        : `"${shorten(trimmed)}" is not a full URL: start it with https:// (or http:// for a server on this machine).`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      message: hasScheme
        ? `${url.protocol.slice(0, -1)}:// URLs can't receive webhooks: use https:// (or http:// for a server on this machine).`
        : `"${shorten(trimmed)}" is not a full URL: start it with https:// (or http:// for a server on this machine).`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      message:
        'Remove the user name and password (the "…@" part) from the URL. Webhooks authenticate with a token or a ' +
        'signature, and a password in a URL ends up in logs and history.',
    };
  }
  if (url.hostname === '') return { ok: false, message: `The URL has no host name, for example ${example}.` };
  return { ok: true, url };
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
