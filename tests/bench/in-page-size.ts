import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The gzipped (level 9) sizes of Kitedeck's in-page code in a Chrome build: the content script every Buildkite tab
 * loads (the manifest's), and the on-demand UI the background injects into a tab on first use of a dialog, the
 * build list or the palette (lib/in-page/on-demand.ts). Both are printed so the split hides nothing.
 */
export function inPageSizes(buildDir: string): { contentScriptKiB: string; onDemandKiB: string } {
  const kib = (name: string) => {
    const file = path.join(buildDir, 'content-scripts', name);
    return existsSync(file) ? (gzipSync(readFileSync(file), { level: 9 }).length / 1024).toFixed(1) : 'missing';
  };
  return { contentScriptKiB: kib('buildkite.js'), onDemandKiB: kib('buildkite-ui.js') };
}

export const ON_DEMAND_LINE = (kib: string) =>
  `on-demand in-page UI gzip (dialogs, build list, palette; injected on first use): ${kib} KiB`;
