/**
 * Following a running job with suffix ranges only (the kind Buildkite documents): each poll asks for the last N
 * bytes and gets `start` and the total size back; the part past what the page already has is appended. When more
 * than N bytes arrived since the last poll, the gap is reported and the page reloads the tail.
 */
export interface FollowState {
  /** Bytes of the log the page has, from the log's start (its `start` + bytes of its text). */
  endByte: number;
}

export type FollowStep = { kind: 'append'; text: string; endByte: number } | { kind: 'same' } | { kind: 'gap' };

export function nextPiece(state: FollowState, piece: { text: string; start: number }): FollowStep {
  const bytes = new TextEncoder().encode(piece.text);
  const pieceEnd = piece.start + bytes.length;
  if (pieceEnd <= state.endByte) return { kind: 'same' };
  if (piece.start > state.endByte) return { kind: 'gap' };
  const text = new TextDecoder().decode(bytes.subarray(state.endByte - piece.start));
  return { kind: 'append', text, endByte: pieceEnd };
}

export const byteLength = (text: string) => new TextEncoder().encode(text).length;
