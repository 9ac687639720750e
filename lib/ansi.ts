import { plainText } from './logs/ansi';

/**
 * Strips terminal escape sequences from a job log so it reads as plain text: CSI sequences (colours, cursor
 * moves), OSC sequences (titles, hyperlinks, Buildkite's inline images), and Buildkite's `_bk;t=…` timestamp
 * markers. Carriage-return overwrites keep only the last version of the line, as a terminal shows it.
 * Linear time (lib/logs/ansi.ts).
 */
export function stripAnsi(text: string): string {
  return plainText(text);
}
