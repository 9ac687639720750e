/**
 * Buildkite webhook signatures, with WebCrypto only so it runs in the
 * service worker and in extension pages.
 *
 *   X-Buildkite-Signature: timestamp=<unix seconds>,signature=<hex HMAC-SHA256>
 *   signature = lowercase_hex(HMAC_SHA256(key = secret (UTF-8), message = "<timestamp>.<raw body bytes>"))
 *
 * The docs' prose says the body alone is signed; the Ruby sample, go-buildkite and the go-buildkite fixture
 * all sign `timestamp + "." + body`, which is what this module does.
 */

import { constantTimeEqual, hmacSha256Hex } from './hmac';
import { diagnoseMismatch, type BodyChangedDiagnosis, type WrongSecretDiagnosis } from './mismatch-diagnosis';

export { firstDifference, type FirstDifference } from './diff';
export { constantTimeEqual, hmacSha256Hex } from './hmac';
export type { BodyChangedDiagnosis, MismatchHint, WrongSecretDiagnosis } from './mismatch-diagnosis';

export const SIGNATURE_HEADER = 'X-Buildkite-Signature';
export const TOKEN_HEADER = 'X-Buildkite-Token';
/** SHA-256 is 32 bytes: 64 hex characters. */
export const SIGNATURE_HEX_LENGTH = 64;

/** Lowercase hex HMAC-SHA256 of `"<timestamp>.<rawBody>"` keyed with `secret`. */
export async function signPayload(secret: string, rawBody: string, timestamp: number): Promise<string> {
  assertUnixSeconds(timestamp);
  return hmacSha256Hex(secret, `${timestamp}.${rawBody}`);
}

/** The `X-Buildkite-Signature` value for a timestamp and a hex signature. */
export function signatureHeader(timestamp: number, hex: string): string {
  assertUnixSeconds(timestamp);
  return `timestamp=${timestamp},signature=${hex}`;
}

export type ParsedSignatureHeader = { ok: true; timestamp: number; signature: string } | { ok: false; reason: string };

/**
 * Parses an `X-Buildkite-Signature` value like go-buildkite does (split on `,`, then on the first `=`),
 * tolerant of spaces around the parts, strict on everything else. The signature is returned in lowercase.
 */
export function parseSignatureHeader(value: string | null | undefined): ParsedSignatureHeader {
  const text = (value ?? '').trim();
  if (text === '') return fail('The X-Buildkite-Signature header is missing or empty.');
  if (!text.includes('=')) {
    return fail(
      `"${shorten(text)}" is not a signature header: expected "timestamp=<unix seconds>,signature=<hex>". ` +
        'A bare value like this is what X-Buildkite-Token carries: is the webhook set to send a token instead of a signature?',
    );
  }
  if (text.includes(';') && !text.includes(',')) {
    return fail('The parts are separated by ";": Buildkite separates them with ",", as in "timestamp=…,signature=…".');
  }
  const fields = new Map<string, string>();
  for (const rawPart of text.split(',')) {
    const part = rawPart.trim();
    if (part === '') return fail('The header has an empty part (two commas in a row, or a trailing comma).');
    const equals = part.indexOf('=');
    if (equals < 0) return fail(`The part "${shorten(part)}" has no "=": expected "timestamp=…" or "signature=…".`);
    const key = part.slice(0, equals).trim();
    const fieldValue = part.slice(equals + 1).trim();
    if (key === 'sha256' || key === 'sha1') {
      return fail(
        `"${key}=…" is GitHub's signature format; Buildkite's is "timestamp=<unix seconds>,signature=<hex>".`,
      );
    }
    if (key !== 'timestamp' && key !== 'signature') {
      return fail(`Unknown part "${shorten(key)}": only "timestamp" and "signature" are expected.`);
    }
    if (fields.has(key)) return fail(`"${key}" appears more than once.`);
    fields.set(key, fieldValue);
  }
  const timestampText = fields.get('timestamp');
  const signatureText = fields.get('signature');
  if (timestampText === undefined) return fail('The timestamp is missing: expected "timestamp=<unix seconds>,…".');
  if (signatureText === undefined) return fail('The signature is missing: expected "…,signature=<hex>".');
  const timestamp = parseTimestamp(timestampText);
  if (typeof timestamp === 'string') return fail(timestamp);
  const signatureProblem = checkSignatureHex(signatureText);
  if (signatureProblem) return fail(signatureProblem);
  return { ok: true, timestamp, signature: signatureText.toLowerCase() };
}

function parseTimestamp(text: string): number | string {
  if (text === '') return 'The timestamp is empty.';
  if (!/^\d+$/.test(text)) {
    return `The timestamp "${shorten(text)}" is not a whole number of seconds (digits only, no sign, decimals or date text).`;
  }
  if (text.length >= 13) {
    return `The timestamp ${shorten(text)} looks like milliseconds; Buildkite sends Unix seconds (10 digits today).`;
  }
  return Number(text);
}

function checkSignatureHex(text: string): string | null {
  if (text === '') return 'The signature is empty.';
  if (text.startsWith('sha256='))
    return 'The signature starts with "sha256=" (GitHub style); Buildkite sends the bare hex.';
  const nonHex = /[^0-9a-fA-F]/.exec(text);
  if (nonHex) {
    return `The signature is not hex: "${nonHex[0]}" at character ${nonHex.index + 1}. It must be ${SIGNATURE_HEX_LENGTH} characters 0-9 and a-f.`;
  }
  if (text.length !== SIGNATURE_HEX_LENGTH) {
    return `The signature has the wrong length: ${text.length} hex characters, but an HMAC-SHA256 is ${SIGNATURE_HEX_LENGTH}.`;
  }
  return null;
}

/** Replay window suggested by the docs: five minutes either side of now. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export interface VerifySignatureInput {
  /** The `X-Buildkite-Signature` header value as received. */
  header: string | null | undefined;
  /** The request body exactly as received, before any JSON parsing. */
  rawBody: string;
  secret: string;
  /** The body as it was sent, when known (Kitedeck's delivery history): lets "body changed" be proven. */
  originalBody?: string;
  /** Current time in Unix seconds; defaults to the clock. */
  now?: number;
  /** Allowed distance between the header's timestamp and `now`, in seconds (default 300). */
  toleranceSeconds?: number;
}

interface Timing {
  /** The header's timestamp, Unix seconds. */
  timestamp: number;
  /** `now - timestamp` in seconds: negative when the timestamp is in the future. */
  ageSeconds: number;
}

export type VerifyResult =
  | ({ valid: true } & Timing)
  | { valid: false; reason: 'malformed-header'; detail: string }
  | ({ valid: false } & WrongSecretDiagnosis & Timing)
  | ({ valid: false } & BodyChangedDiagnosis & Timing)
  | ({
      valid: false;
      reason: 'timestamp-too-old' | 'timestamp-in-future';
      detail: string;
      toleranceSeconds: number;
    } & Timing);

/**
 * Verifies a signed delivery: the HMAC over the raw body first (in constant time), then the timestamp window
 * (replay protection). A mismatch is explained as precisely as the evidence allows (see mismatch-diagnosis).
 */
export async function verifySignature(input: VerifySignatureInput): Promise<VerifyResult> {
  const parsed = parseSignatureHeader(input.header);
  if (!parsed.ok) return { valid: false, reason: 'malformed-header', detail: parsed.reason };
  const { timestamp, signature } = parsed;
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const timing: Timing = { timestamp, ageSeconds: now - timestamp };

  const expected = await signPayload(input.secret, input.rawBody, timestamp);
  if (!constantTimeEqual(expected, signature)) {
    const diagnosis = await diagnoseMismatch({
      signature,
      timestamp,
      rawBody: input.rawBody,
      secret: input.secret,
      ...(input.originalBody !== undefined ? { originalBody: input.originalBody } : {}),
    });
    return { valid: false, ...diagnosis, ...timing };
  }
  if (timing.ageSeconds > tolerance) {
    return {
      valid: false,
      reason: 'timestamp-too-old',
      detail:
        `The signature is right, but it was made ${describeSeconds(timing.ageSeconds)} ago, more than the ` +
        `${describeSeconds(tolerance)} allowed: a receiver with replay protection rejects it. Send a fresh delivery, ` +
        "or check the receiver's clock.",
      toleranceSeconds: tolerance,
      ...timing,
    };
  }
  if (-timing.ageSeconds > tolerance) {
    return {
      valid: false,
      reason: 'timestamp-in-future',
      detail:
        `The signature is right, but its timestamp is ${describeSeconds(-timing.ageSeconds)} in the future, more than ` +
        `the ${describeSeconds(tolerance)} allowed. One of the clocks (sender's or receiver's) is wrong.`,
      toleranceSeconds: tolerance,
      ...timing,
    };
  }
  return { valid: true, ...timing };
}

function describeSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

export type TokenVerifyResult =
  | { valid: true }
  | { valid: false; reason: 'missing-header' | 'signature-mode' | 'whitespace' | 'wrong-token'; detail: string };

/** Checks an `X-Buildkite-Token` header (the webhook's token mode) against the expected token. */
export function verifyTokenHeader(headerValue: string | null | undefined, secret: string): TokenVerifyResult {
  const received = headerValue ?? '';
  if (received.trim() === '') {
    return {
      valid: false,
      reason: 'missing-header',
      detail:
        'No X-Buildkite-Token header. If the webhook is set to send a signature, check X-Buildkite-Signature instead.',
    };
  }
  if (constantTimeEqual(received, secret)) return { valid: true };
  if (/^\s*timestamp=/.test(received)) {
    return {
      valid: false,
      reason: 'signature-mode',
      detail:
        'This value is a signature header ("timestamp=…,signature=…"): the webhook is in signature mode; verify it as a signature.',
    };
  }
  if (constantTimeEqual(received.trim(), secret.trim())) {
    return {
      valid: false,
      reason: 'whitespace',
      detail: 'The tokens match except for spaces or a newline at one end: trim the stored token or the header value.',
    };
  }
  return {
    valid: false,
    reason: 'wrong-token',
    detail: "The token doesn't match. Copy it again from the webhook's settings (Settings → Notification Services).",
  };
}

function assertUnixSeconds(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError(`Webhook timestamps are whole Unix seconds; got ${String(timestamp)}.`);
  }
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function shorten(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
