import type { RateLimitSnapshot } from '../buildkite/rate-limit';

/**
 * Pacing a bulk job's REST calls against the organisation's shared budget (200 a minute, shared by every token and
 * CI script of the organisation; 50 a minute per user; digest §2.3):
 * - within one rate-limit window the job spends at most half of what was left when it first saw that window, so at
 *   least 50 % of the remaining budget stays for everyone else;
 * - after a 429 nothing is sent before the reset it named;
 * - when the half is spent, the job waits for the window to reset.
 * Pure; the state is carried by the job between calls.
 */

export interface PaceState {
  /** When the window the job is spending in resets (epoch ms), null before the first answer. */
  windowResetAt: number | null;
  /** The remaining count must not go below this in the current window. */
  floor: number | null;
  /** A 429 said: nothing before this (epoch ms). */
  blockedUntil: number | null;
}

export const initialPace = (): PaceState => ({ windowResetAt: null, floor: null, blockedUntil: null });

export type PaceDecision = { send: true; state: PaceState } | { send: false; waitUntil: number; reason: string };

/** Remaining requests of the tighter window (org or user) and when it resets. */
function tighter(snapshot: RateLimitSnapshot): { remaining: number; resetAt: number | null } | null {
  const windows: { remaining: number; resetAt: number | null }[] = [];
  if (snapshot.remaining !== null) windows.push({ remaining: snapshot.remaining, resetAt: snapshot.resetAt });
  if (snapshot.userRemaining !== null)
    windows.push({ remaining: snapshot.userRemaining, resetAt: snapshot.userResetAt });
  return windows.sort((a, b) => a.remaining - b.remaining)[0] ?? null;
}

/** Two reset times within this are the same window (the header is in whole seconds). */
const SAME_WINDOW_MS = 2_000;

export function decidePace(snapshot: RateLimitSnapshot | null, state: PaceState, now: number): PaceDecision {
  if (state.blockedUntil !== null && now < state.blockedUntil)
    return {
      send: false,
      waitUntil: state.blockedUntil,
      reason: 'Buildkite answered “rate limited”: waiting for the reset it named',
    };
  const window = snapshot ? tighter(snapshot) : null;
  // Nothing known, or the window the figures describe has reset since: the next answer tells the new budget.
  if (!window || (window.resetAt !== null && window.resetAt <= now))
    return { send: true, state: { ...state, blockedUntil: null, windowResetAt: null, floor: null } };
  const sameWindow =
    state.windowResetAt !== null &&
    window.resetAt !== null &&
    Math.abs(state.windowResetAt - window.resetAt) <= SAME_WINDOW_MS;
  const floor = sameWindow && state.floor !== null ? state.floor : Math.ceil(window.remaining / 2);
  const next: PaceState = { windowResetAt: window.resetAt, floor, blockedUntil: null };
  if (window.remaining - 1 >= floor && window.remaining > 0) return { send: true, state: next };
  return {
    send: false,
    waitUntil: window.resetAt ?? now + 60_000,
    reason: `leaving half of the organisation's remaining REST budget (${window.remaining} left) to others until it resets`,
  };
}

/** After a 429: remember its reset (seconds from the answer), so nothing is sent before it. */
export function afterRateLimited(state: PaceState, resetAt: number): PaceState {
  return { ...state, blockedUntil: Math.max(state.blockedUntil ?? 0, resetAt) };
}
