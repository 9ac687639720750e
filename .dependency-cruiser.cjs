/**
 * Zone rules over the real import graph (run by `npm test`; proven by tests/unit/architecture/zones.test.ts on the fake trees in
 * tests/fixtures/zones/). Paths are matched anywhere in the path so the same rules apply to those fixtures.
 *
 * Storage modules are found, not listed: any source file that imports WXT's `storage`, names `browser.storage` /
 * `chrome.storage`, `indexedDB` or `idb-keyval` is one, so a new one is covered the day it is written.
 */
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const SOURCE = /\.(ts|tsx|js|mjs)$/;
const USES_STORAGE =
  /\bimport\s*\{[^}]*\bstorage\b[^}]*\}\s*from\s*['"](#imports|wxt\/utils\/storage|wxt\/storage)['"]|\b(browser|chrome)\s*\.\s*storage\b|\bindexedDB\b|['"]idb-keyval['"]/;
const SCANNED = ['lib', 'entrypoints', 'components', 'tests/fixtures/zones'];

function walk(dir, found) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of names) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) walk(file, found);
    else if (SOURCE.test(name) && USES_STORAGE.test(readFileSync(file, 'utf8')))
      found.push(relative(process.cwd(), file).split('\\').join('/'));
  }
  return found;
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const storageModules = SCANNED.flatMap((dir) => walk(join(process.cwd(), dir), []));
const STORAGE_PATH = storageModules.length ? `^(${storageModules.map(escapeRegExp).join('|')})$` : '^$never';

/** The content script, and the features it loads by `import.meta.glob` (which no import graph can see). */
const CONTENT = ['(^|/)entrypoints/[^/]+\\.content(/|\\.)', '(^|/)lib/features/'];
const PAGES = '(^|/)entrypoints/(popup|options|console|webhook-lab|job-log|[^/.]+)/';
const VAULT = '(^|/)lib/(vault/[^/]+|token/(vault|service)|console/portal-vault|webhooks/endpoint-vault|badge)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'in-page-no-vault',
      comment: 'The content script reaches no vault or token store: it asks the background by message.',
      severity: 'error',
      from: { path: CONTENT },
      to: { path: VAULT, reachable: true },
    },
    {
      name: 'in-page-no-buildkite-client',
      comment: 'The content script reaches no Buildkite API client (lib/buildkite): it asks the background by message.',
      severity: 'error',
      from: { path: CONTENT },
      to: { path: '(^|/)lib/buildkite/', reachable: true },
    },
    {
      name: 'in-page-no-storage',
      comment:
        'The content script reaches no module that uses browser.storage / IndexedDB, nor the polyfilled messenger.',
      severity: 'error',
      from: { path: CONTENT },
      to: {
        path: [
          STORAGE_PATH,
          '(^|/)lib/messenger\\.ts$',
          '(^|/)node_modules/(webextension-polyfill|@webext-core/messaging|idb-keyval)/',
          '(^|/)node_modules/wxt/dist/utils/storage',
        ],
        reachable: true,
      },
    },
    {
      name: 'pages-no-vault',
      comment: 'Extension pages reach no vault: secrets stay in the background, pages ask by message.',
      severity: 'error',
      from: { path: PAGES, pathNot: [...CONTENT, '(^|/)entrypoints/background/'] },
      to: { path: VAULT, reachable: true },
    },
    {
      name: 'no-cycles',
      comment: 'No import cycles anywhere (type-only imports included: they still tie the modules together).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(\\.output|\\.wxt|node_modules)/' },
    // Type-only imports are erased before bundling: the rules judge what code can actually run in each context.
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    webpackConfig: { fileName: '.dependency-cruiser.webpack.cjs' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
