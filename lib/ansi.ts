/**
 * Strips terminal escape sequences from a job log so it reads as plain text: CSI sequences (colours, cursor
 * moves), OSC sequences (titles, hyperlinks, Buildkite's inline images), and Buildkite's `_bk;t=…` timestamp
 * markers. Carriage-return overwrites keep only the last version of the line, as a terminal shows it.
 */
// eslint-disable-next-line no-control-regex
const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
// eslint-disable-next-line no-control-regex
const CSI = /\x1b\[[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const OTHER_ESC = /\x1b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const BK_TIMESTAMP = /\x1b_bk;[^\x07]*\x07/g;

export function stripAnsi(text: string): string {
  return text
    .replace(BK_TIMESTAMP, '')
    .replace(OSC, '')
    .replace(CSI, '')
    .replace(OTHER_ESC, '')
    .split('\n')
    .map((line) => {
      const parts = line.replace(/\r+$/, '').split('\r');
      return parts[parts.length - 1] ?? '';
    })
    .join('\n');
}
