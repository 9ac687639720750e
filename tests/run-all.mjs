#!/usr/bin/env node
/**
 * `npm test`: every check the project has, in order, each counted; ends with one line `N passed, N failed, N skipped`
 * that adds up all runners (vitest and Playwright JSON reports; each static check counts as one), and how many
 * tests were skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = [];
mkdirSync('.reports', { recursive: true });

function run(name, command, args, { env } = {}) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const child = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return child.status === 0;
}

function check(name, command, args) {
  const ok = run(name, command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

check('typecheck', 'npx', ['tsc', '--noEmit']);
check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
check('formatting (Prettier)', 'npx', ['prettier', '--check', '.', '--log-level=warn']);
check('zone rules and import cycles (dependency-cruiser)', 'npx', [
  'depcruise',
  'entrypoints',
  'lib',
  'components',
  '--config',
  '.dependency-cruiser.cjs',
]);
check('dead files, exports and dependencies (knip)', 'npx', ['knip']);
check('graphql documents', 'npx', ['gql-tada', 'check']);

rmSync('.reports/vitest.json', { force: true });
const unitOk = run('unit tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=.reports/vitest.json',
]);
const unit = readJson('.reports/vitest.json');
results.push({
  name: 'unit tests',
  passed: unit?.numPassedTests ?? 0,
  failed: unit ? unit.numFailedTests + (unitOk || unit.numFailedTests ? 0 : 1) : 1,
  skipped: (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0),
});

const builtProduction = check('production build', 'npm', ['run', 'build']);
if (builtProduction) {
  check('production bundle has no e2e traces', 'node', ['tests/check-production-bundle.mjs']);
  check('web-ext lint (Firefox build)', 'npx', [
    'web-ext',
    'lint',
    '--source-dir',
    '.output/firefox-mv3',
    '--warnings-as-errors=false',
  ]);
}

const builtE2e = check('e2e build', 'npm', ['run', 'build:e2e']);
if (builtE2e) {
  rmSync('.reports/playwright.json', { force: true });
  const e2eOk = run('end-to-end tests (Chromium, Firefox)', 'npx', ['playwright', 'test']);
  const e2e = readJson('.reports/playwright.json');
  const stats = e2e?.stats ?? {};
  results.push({
    name: 'end-to-end tests',
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: (stats.unexpected ?? 0) + (e2e && (e2eOk || stats.unexpected) ? 0 : 1),
    skipped: stats.skipped ?? 0,
  });
}

console.log('\nSummary');
for (const { name, passed, failed, skipped } of results)
  console.log(`  ${failed ? '✗' : '✓'} ${name}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0) + (existsSync('.output') ? 0 : 1);
const skipped = results.reduce((sum, r) => sum + r.skipped, 0);
// Skipped tests are counted, never hidden: a skipped test proves nothing.
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
