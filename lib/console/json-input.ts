/** Parses the JSON a person typed (variables, a REST body) and says where it is wrong, by line and column. */
import { findJsonSyntaxError } from '../webhooks/json-syntax';

export type JsonObjectInput = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

export function lineColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function syntaxMessage(text: string): string | null {
  const error = findJsonSyntaxError(text);
  if (!error) return null;
  const { line, column } = lineColumn(text, error.index);
  return `Line ${line}, column ${column}: ${error.message}`;
}

/** Empty text is `{}`; otherwise a JSON object. */
export function parseJsonObject(text: string): JsonObjectInput {
  if (text.trim() === '') return { ok: true, value: {} };
  const problem = syntaxMessage(text);
  if (problem) return { ok: false, message: problem };
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'Variables must be a JSON object, e.g. {"org": "acme"}.' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** A REST body: empty, or any JSON value. Returns the problem, or null when it can be sent. */
export function jsonBodyProblem(text: string): string | null {
  return text.trim() === '' ? null : syntaxMessage(text);
}
