/**
 * `npm run bench`: runs every `tests/bench/*.bench.ts` in turn and prints their figures. Budgets are printed next
 * to the figures; nothing here fails a test run (performance is measured, not asserted by timers).
 * Run one: `npm run bench -- content-script`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort();

for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as { default: () => Promise<void> };
  await module.default();
}
if (files.length === 0) console.log('no benchmarks matched');
