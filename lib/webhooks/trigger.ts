import * as v from 'valibot';
import { KdFailure } from '../errors';
import { deliver, requireHostPermission } from './deliver';
import { invalidInput } from './endpoint-vault';
import { validateTriggerUrl } from './endpoint';
import { validatePayloadJson } from './request';
import type { TriggerResult } from './types';

/** Pipeline trigger answers: `201 {"id": "<delivery uuid>"}`; 400/403/404 `{"message": "..."}`. */
const Accepted = v.object({ id: v.pipe(v.string(), v.minLength(1)) });
const Refused = v.object({ message: v.string() });

/**
 * POSTs a JSON body to a pipeline trigger URL. No auth header: the `bktr_…` URL is the secret. Never retried (each
 * accepted request creates a build, and triggers share 300 requests/hour per org).
 */
export async function sendPipelineTrigger(url: string, body: string): Promise<TriggerResult> {
  const check = validateTriggerUrl(url);
  if (!check.ok) throw new KdFailure(invalidInput('That is not a pipeline trigger URL', check.message));
  const payload = validatePayloadJson(body);
  if (!payload.ok) {
    throw new KdFailure(
      invalidInput(
        'The payload is not valid JSON',
        `Line ${payload.line}, column ${payload.column}: ${payload.message}`,
      ),
    );
  }
  await requireHostPermission(check.originPattern);
  const outcome = await deliver({
    url: check.url.toString(),
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
  if (!outcome.response) throw new KdFailure(outcome.failure ?? invalidResponse('no response'));
  const { status, body: text } = outcome.response;
  const json = parseJson(text);
  if (status === 201) {
    const accepted = v.safeParse(Accepted, json);
    if (!accepted.success)
      throw new KdFailure(invalidResponse(`HTTP 201 without a delivery id: ${text.slice(0, 200)}`));
    return { status, deliveryId: accepted.output.id, message: null, durationMs: outcome.durationMs ?? 0 };
  }
  const refused = v.safeParse(Refused, json);
  return {
    status,
    deliveryId: null,
    message: refused.success ? refused.output.message : `Unexpected response: HTTP ${status}`,
    durationMs: outcome.durationMs ?? 0,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function invalidResponse(detail: string) {
  return {
    kind: 'invalid-response' as const,
    title: 'Unexpected answer from Buildkite',
    detail,
    action: 'Check the pipeline’s builds to see whether the trigger ran.',
  };
}
