import type { Style } from './ansi';

/**
 * The 16 base colours are the page's (entrypoints/job-log/job-log.css `--kd-ansi-N`: one value per colour scheme, each
 * readable on that scheme's background); the 256-colour cube and 24-bit colours are drawn as the log wrote them.
 */

/** A palette index (0-255) or `#rrggbb` as a CSS colour. */
export function cssColour(colour: number | string): string {
  if (typeof colour === 'string') return colour;
  if (colour < 16) return `var(--kd-ansi-${colour})`;
  if (colour >= 232) {
    const level = 8 + (colour - 232) * 10;
    return `rgb(${level},${level},${level})`;
  }
  const n = colour - 16;
  const step = (v: number) => (v === 0 ? 0 : 55 + v * 40);
  return `rgb(${step(Math.floor(n / 36))},${step(Math.floor(n / 6) % 6)},${step(n % 6)})`;
}

/** Inline style for a span: plain data, applied by Preact as style properties (never parsed as CSS text). */
export function spanStyle(style: Style): Record<string, string> {
  const out: Record<string, string> = {};
  if (style.fg !== null) out.color = cssColour(style.fg);
  if (style.bg !== null) out.backgroundColor = cssColour(style.bg);
  if (style.bold) out.fontWeight = '700';
  if (style.dim) out.opacity = '0.7';
  if (style.italic) out.fontStyle = 'italic';
  if (style.underline) out.textDecoration = 'underline';
  return out;
}
