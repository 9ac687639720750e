/**
 * The other byte forms a JSON body commonly takes after it has been parsed and written out again, and a
 * JSON equality that ignores those differences. The verifier signs each form to find out whether the body it
 * was given is a re-serialisation of the body Buildkite actually signed (the classic mistake: verifying
 * `JSON.stringify(req.body)` instead of the raw request bytes).
 */

export type BodyFormId =
  | 'compact'
  | 'compact-html-escaped'
  | 'compact-ascii-escaped'
  | 'pretty-2'
  | 'pretty-4'
  | 'without-trailing-whitespace'
  | 'with-trailing-newline'
  | 'lf-line-endings'
  | 'crlf-line-endings';

export interface BodyForm {
  id: BodyFormId;
  /** How this form usually comes about, for the verifier's explanation. */
  label: string;
  text: string;
}

export const BODY_FORM_LABELS: Record<BodyFormId, string> = {
  compact: 'the same JSON written compactly (what JSON.stringify(parsedBody) produces)',
  'compact-html-escaped':
    'the same JSON written compactly with <, > and & as \\u003c, \\u003e and \\u0026 (Ruby on Rails style)',
  'compact-ascii-escaped': 'the same JSON written compactly with every non-ASCII character as a \\u escape',
  'pretty-2': 'the same JSON pretty-printed with 2-space indentation',
  'pretty-4': 'the same JSON pretty-printed with 4-space indentation',
  'without-trailing-whitespace': 'the body without its trailing whitespace or newline',
  'with-trailing-newline': 'the body with a trailing newline',
  'lf-line-endings': 'the body with \\n line endings instead of \\r\\n',
  'crlf-line-endings': 'the body with \\r\\n line endings instead of \\n',
};

/** Distinct re-writings of `rawBody` (never `rawBody` itself). */
export function alternativeBodyForms(rawBody: string): BodyForm[] {
  // Byte-level edits first: when one of them explains the signature, it names the change more precisely.
  const candidates: Array<[BodyFormId, string | null]> = [
    ['without-trailing-whitespace', rawBody.trimEnd()],
    ['with-trailing-newline', rawBody.endsWith('\n') ? null : `${rawBody}\n`],
    ['lf-line-endings', rawBody.includes('\r\n') ? rawBody.replace(/\r\n/g, '\n') : null],
    ['crlf-line-endings', /(^|[^\r])\n/.test(rawBody) ? rawBody.replace(/\r?\n/g, '\r\n') : null],
  ];
  const parsed = parseJson(rawBody);
  if (parsed.ok) {
    const compact = JSON.stringify(parsed.value);
    candidates.push(
      ['compact', compact],
      ['compact-html-escaped', escapeHtmlCharacters(compact)],
      ['compact-ascii-escaped', escapeNonAscii(escapeHtmlCharacters(compact))],
      ['pretty-2', JSON.stringify(parsed.value, null, 2)],
      ['pretty-4', JSON.stringify(parsed.value, null, 4)],
    );
  }
  const seen = new Set<string>([rawBody]);
  const forms: BodyForm[] = [];
  for (const [id, text] of candidates) {
    if (text === null || seen.has(text)) continue;
    seen.add(text);
    forms.push({ id, label: BODY_FORM_LABELS[id], text });
  }
  return forms;
}

/**
 * `true` when both texts parse as JSON and hold the same value (object key order, whitespace and string
 * escapes ignored); `false` when both parse but differ; `null` when either is not JSON.
 */
export function equalAsJson(a: string, b: string): boolean | null {
  const left = parseJson(a);
  const right = parseJson(b);
  if (!left.ok || !right.ok) return null;
  return deepEqual(left.value, right.value);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const aKeys = Object.keys(aRecord);
  if (aKeys.length !== Object.keys(bRecord).length) return false;
  return aKeys.every((key) => Object.hasOwn(bRecord, key) && deepEqual(aRecord[key], bRecord[key]));
}

function escapeHtmlCharacters(json: string): string {
  // Safe on serialised JSON: these characters only ever occur inside string literals there.
  return json.replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
