/**
 * The HTTP request Buildkite would send for a webhook delivery, built for Kitedeck to send
 * itself, and the payload editor's JSON check.
 *
 * Headers sent, all documented:
 * - `Content-Type: application/json`: documented for Package Registries and Test Engine; Pipelines says only that
 *   the body is JSON, and real receivers (and frameworks' JSON body parsers) expect this header, so it is always sent.
 * - `X-Buildkite-Event: <event>`: Pipelines and Package Registries. Not documented for Test Engine, so not sent there.
 * - Exactly one of `X-Buildkite-Token: <token>` or `X-Buildkite-Signature: timestamp=…,signature=…`, per the
 *   webhook's token mode. Test Engine documents neither; `{mode: 'none'}` sends no auth header.
 * Buildkite's docs mention no request-id, delivery-id or User-Agent header, so none is invented here (browsers
 * also set their own User-Agent on `fetch`).
 */

import { findEvent } from './events';
import { findJsonSyntaxError } from './json-syntax';
import { lineAndColumn } from './diff';
import { signatureHeader, signPayload, SIGNATURE_HEADER, TOKEN_HEADER } from './signature';

export const EVENT_HEADER = 'X-Buildkite-Event';

export type WebhookAuth = { mode: 'token'; token: string } | { mode: 'signature'; secret: string } | { mode: 'none' };

export interface WebhookRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  /** The exact bytes to send (and that the signature covers). */
  body: string;
}

export interface BuildWebhookRequestInput {
  endpoint: string | URL;
  /** Event name, e.g. `build.finished`. */
  event: string;
  /** The body exactly as it will be sent; it is signed as is, never re-serialised. */
  rawBody: string;
  auth: WebhookAuth;
  /** Unix seconds for the signature; defaults to now (the docs: the dispatch time). */
  timestamp?: number;
}

export async function buildWebhookRequest(input: BuildWebhookRequestInput): Promise<WebhookRequest> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (findEvent(input.event)?.family !== 'test-engine') headers[EVENT_HEADER] = input.event;
  const { auth } = input;
  if (auth.mode === 'token') {
    headers[TOKEN_HEADER] = auth.token;
  } else if (auth.mode === 'signature') {
    const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
    headers[SIGNATURE_HEADER] = signatureHeader(timestamp, await signPayload(auth.secret, input.rawBody, timestamp));
  }
  return { url: String(input.endpoint), method: 'POST', headers, body: input.rawBody };
}

export type PayloadCheck =
  | { ok: true; value: unknown }
  | {
      ok: false;
      message: string;
      /** 1-based line and column (UTF-16 code units, as a textarea counts) of the problem. */
      line: number;
      column: number;
      /** UTF-16 offset of the problem, for selecting it in the editor. */
      index: number;
    };

/** Parses the payload editor's text; on a syntax error says what and where, the same in every browser. */
export function validatePayloadJson(text: string): PayloadCheck {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const found = findJsonSyntaxError(text);
    const engineMessage = error instanceof Error ? error.message : String(error);
    const index = found?.index ?? indexFromEngineMessage(engineMessage, text) ?? 0;
    const { line, column } = lineAndColumn(text, index);
    return { ok: false, message: found?.message ?? engineMessage, line, column, index };
  }
}

/**
 * The error position from a `JSON.parse` message, for the (never expected) case where the scanner accepts what
 * the engine rejects. V8: "… at position 12" / "(line 1 column 13)"; SpiderMonkey: "at line 1 column 13 of the
 * JSON data"; JavaScriptCore gives no position.
 */
export function indexFromEngineMessage(message: string, text: string): number | null {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) {
    const line = Number(lineColumn[1]);
    const column = Number(lineColumn[2]);
    let lineStart = 0;
    for (let current = 1; current < line; current++) {
      const newline = text.indexOf('\n', lineStart);
      if (newline < 0) return null;
      lineStart = newline + 1;
    }
    return Math.min(lineStart + column - 1, text.length);
  }
  const position = /at position (\d+)/.exec(message);
  return position ? Math.min(Number(position[1]), text.length) : null;
}
