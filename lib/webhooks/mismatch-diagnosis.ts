/**
 * Why a webhook signature didn't match. One HMAC cannot tell "wrong secret" from "different body", so this
 * tries the explanations that can be proven: the body Kitedeck sent (from its delivery history) or a common
 * re-serialisation of the JSON (whitespace, key order, unicode escapes) signs to the received signature; the
 * secret carries stray whitespace; the signer left out the `"<timestamp>."` prefix. Anything else is reported
 * as "wrong secret or body", with what to check.
 */

import { alternativeBodyForms, equalAsJson, type BodyFormId } from './body-forms';
import { firstDifference, type FirstDifference } from './diff';
import { constantTimeEqual, hmacSha256Hex } from './hmac';

export interface MismatchInput {
  /** The signature from the header, lowercase hex. */
  signature: string;
  timestamp: number;
  rawBody: string;
  secret: string;
  /** The body as it was sent, when known (Kitedeck's delivery history). */
  originalBody?: string;
}

export interface BodyChangedDiagnosis {
  reason: 'body-changed';
  detail: string;
  /** What the verified body was compared with: the sent body, or a re-serialisation of the verified body. */
  comparedWith: 'original-body' | BodyFormId;
  comparedBody: string;
  /** Where the verified body first differs from `comparedBody` (a = verified body, b = compared body). */
  difference: FirstDifference;
  /** `true`: same JSON value, different bytes; `false`: the JSON differs; `null`: one side isn't JSON. */
  sameJson: boolean | null;
  /** `true` when the header's signature is exactly the HMAC of `comparedBody`: the body change is proven. */
  signatureMatchesComparedBody: boolean;
}

export type MismatchHint =
  | 'secret-has-whitespace'
  | 'signed-without-timestamp'
  | 'body-is-as-sent'
  | 'body-is-not-compact-json'
  | 'none';

export interface WrongSecretDiagnosis {
  reason: 'wrong-secret-or-body';
  detail: string;
  hint: MismatchHint;
}

const RAW_BYTES_ADVICE =
  'Verify the raw request bytes, before any JSON parsing or re-encoding (for example express.raw() in Node, ' +
  'request.raw_post in Rails, io.ReadAll(r.Body) in Go, request.get_data() in Flask).';

const CHECKLIST =
  "Check that (1) the secret is this webhook's token from Settings → Notification Services, copied whole; " +
  `(2) ${RAW_BYTES_ADVICE.charAt(0).toLowerCase()}${RAW_BYTES_ADVICE.slice(1)} ` +
  '(3) the signed message is "<timestamp>.<body>", with the timestamp exactly as in the header.';

export async function diagnoseMismatch(input: MismatchInput): Promise<BodyChangedDiagnosis | WrongSecretDiagnosis> {
  const { signature, timestamp, rawBody, secret, originalBody } = input;
  const signs = async (body: string, key = secret): Promise<boolean> =>
    constantTimeEqual(await hmacSha256Hex(key, `${timestamp}.${body}`), signature);

  if (originalBody !== undefined && originalBody !== rawBody) {
    return bodyChanged(rawBody, originalBody, 'original-body', await signs(originalBody));
  }
  if (originalBody === undefined) {
    for (const form of alternativeBodyForms(rawBody)) {
      if (await signs(form.text)) return bodyChanged(rawBody, form.text, form.id, true, form.label);
    }
  }
  if (secret !== secret.trim() && (await signs(rawBody, secret.trim()))) {
    return wrongSecret(
      'secret-has-whitespace',
      'The secret has spaces or a newline at one end; without them the signature matches. Trim the stored secret.',
    );
  }
  if (constantTimeEqual(await hmacSha256Hex(secret, rawBody), signature)) {
    return wrongSecret(
      'signed-without-timestamp',
      'The signature is the HMAC of the body alone. Buildkite signs "<timestamp>.<body>" (the header\'s timestamp, ' +
        'a dot, then the raw body): whoever produced this signature left out the timestamp prefix.',
    );
  }
  if (originalBody !== undefined) {
    return wrongSecret(
      'body-is-as-sent',
      'The body is byte-for-byte the body that was sent, so the secret is different from the one that signed it ' +
        "(or the header belongs to another delivery). Copy the webhook's token again from Settings → Notification Services.",
    );
  }
  const isJson = equalAsJson(rawBody, rawBody) !== null;
  if (isJson && /\n/.test(rawBody.trimEnd())) {
    return wrongSecret(
      'body-is-not-compact-json',
      "The signature doesn't match. Buildkite sends compact one-line JSON, but this body is spread over lines: if it " +
        `came from Buildkite it was re-serialised after it arrived, and the original bytes are needed. ${CHECKLIST}`,
    );
  }
  return wrongSecret('none', `The signature doesn't match this body with this secret. ${CHECKLIST}`);
}

function bodyChanged(
  rawBody: string,
  comparedBody: string,
  comparedWith: 'original-body' | BodyFormId,
  proven: boolean,
  formLabel?: string,
): BodyChangedDiagnosis {
  const difference = firstDifference(rawBody, comparedBody);
  if (!difference) throw new Error('bodyChanged() needs two different bodies');
  const sameJson = equalAsJson(rawBody, comparedBody);
  const where =
    `First difference at line ${difference.line}, column ${difference.column}: ` +
    `${difference.aChar} in the verified body, ${difference.bChar} in the ${comparedWith === 'original-body' ? 'sent' : 'signed'} body.`;
  const jsonNote =
    sameJson === true
      ? ' Both hold the same JSON; only the bytes differ (whitespace, key order or escapes), and the signature covers bytes.'
      : sameJson === false
        ? ' The JSON itself differs, not only its formatting.'
        : '';
  let detail: string;
  if (comparedWith === 'original-body') {
    detail = proven
      ? `The signature matches the body that was sent, not the body you verified.${jsonNote} ${where} ${RAW_BYTES_ADVICE}`
      : `The body differs from the one that was sent.${jsonNote} ${where} The signature doesn't match the sent body either, ` +
        'so the secret (or the header) is also different.';
  } else {
    detail = `The signature matches ${formLabel ?? comparedWith}, not the body you verified: the body was re-written after Buildkite signed it.${jsonNote} ${where} ${RAW_BYTES_ADVICE}`;
  }
  return {
    reason: 'body-changed',
    detail,
    comparedWith,
    comparedBody,
    difference,
    sameJson,
    signatureMatchesComparedBody: proven,
  };
}

function wrongSecret(hint: MismatchHint, detail: string): WrongSecretDiagnosis {
  return { reason: 'wrong-secret-or-body', detail, hint };
}
