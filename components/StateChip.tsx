import type { JSX } from 'preact';

/** Buildkite's build/job state words (and the ones Kitedeck adds for a build it can no longer see). */
export type ChipState =
  | 'creating'
  | 'scheduled'
  | 'running'
  | 'failing'
  | 'blocked'
  | 'canceling'
  | 'passed'
  | 'failed'
  | 'canceled'
  | 'skipped'
  | 'not_run';

const WORDS: Record<ChipState, string> = {
  creating: 'Creating',
  scheduled: 'Scheduled',
  running: 'Running',
  failing: 'Failing',
  blocked: 'Blocked',
  canceling: 'Canceling',
  passed: 'Passed',
  failed: 'Failed',
  canceled: 'Canceled',
  skipped: 'Skipped',
  not_run: 'Not run',
};

const path = (d: string) => <path d={d} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" />;
/** 12 px icons drawn on a 16 px grid: the shape tells the state apart without colour. */
const ICONS: Record<ChipState, JSX.Element> = {
  passed: path('M3.5 8.5l3 3 6-7'),
  failed: path('M4 4l8 8M12 4l-8 8'),
  failing: path('M4 4l8 8M12 4l-8 8'),
  running: path('M8 2a6 6 0 1 1-6 6'),
  creating: path('M8 2a6 6 0 1 1-6 6'),
  canceling: path('M8 2a6 6 0 1 1-6 6'),
  scheduled: (
    <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="3 2.2" />
  ),
  blocked: path('M5.5 3.5v9M10.5 3.5v9'),
  canceled: path('M3 8h10'),
  skipped: path('M4 4l4 4-4 4M9 4l4 4-4 4'),
  not_run: path('M3 8h10'),
};

export const stateWord = (state: ChipState) => WORDS[state];

/** A state word from the API ("failed", "FAILED") as a chip state, or null when it is not one of Buildkite's. */
export function chipState(word: string): ChipState | null {
  const state = word.toLowerCase();
  return Object.hasOwn(WORDS, state) ? (state as ChipState) : null;
}

/** A state chip: icon + word + colour, in Buildkite's vocabulary. `label` replaces the word (e.g. "Blocked, needs input"). */
export function StateChip({ state, label }: { state: ChipState; label?: string }) {
  return (
    <span class="kd-chip" data-state={state}>
      <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        {ICONS[state]}
      </svg>
      {label ?? WORDS[state]}
    </span>
  );
}
