#!/usr/bin/env node
/**
 * The production build must talk only to Buildkite's real hosts: no e2e variable names, no loopback addresses,
 * no fake hosts in any shipped file, and no loopback origins among its granted host permissions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const FORBIDDEN = [/WXT_KD_/, /127\.0\.0\.1:\d/, /localhost:\d/, /:4010/, /__fake/, /fake-buildkite/];
// Webhook targets may be loopback (optional permissions, asked at the moment of use): the manifest's
// optional_host_permissions and the endpoint validator name loopback hosts by design, never with a port.
const ALLOWED_FILES = new Set(['manifest.json']);
let failures = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (/\.(js|html|json|css)$/.test(name) && !ALLOWED_FILES.has(name)) scan(file);
  }
}

function scan(file) {
  const text = readFileSync(file, 'utf8');
  for (const pattern of FORBIDDEN) {
    if (pattern.test(text)) {
      console.error(`✗ ${file} contains ${pattern}`);
      failures++;
    }
  }
}

for (const browser of ['chrome-mv3', 'firefox-mv3']) {
  const dir = path.join('.output', browser);
  walk(dir);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  const granted = [...(manifest.host_permissions ?? []), ...(manifest.content_scripts ?? []).flatMap((s) => s.matches)];
  for (const pattern of granted) {
    if (!/^https:\/\/(api|graphql)\.buildkite\.com\/\*$|^https:\/\/buildkite\.com\/\*$/.test(pattern)) {
      console.error(`✗ ${browser}: unexpected granted host pattern ${pattern}`);
      failures++;
    }
  }
}

// The API console's graphql-js and the 260 kB schema SDL are loaded only by the console page: never by the content
// script (every Buildkite page) or the popup. Markers: a name found only in the schema SDL, and graphql-js's class
// name (kept by its Symbol.toStringTag). CodeMirror 6 (the console's editor) likewise: its editor and lint class names.
const CONSOLE_ONLY = [/APIAccessTokenScopes/, /GraphQLSchema/, /cm-content/, /cm-lintRange/];
function scriptsOfPage(dir, page) {
  const html = readFileSync(path.join(dir, page), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((match) => path.join(dir, match[1]));
}
for (const browser of ['chrome-mv3', 'firefox-mv3']) {
  const dir = path.join('.output', browser);
  const contentDir = path.join(dir, 'content-scripts');
  const guarded = [
    ...readdirSync(contentDir)
      .filter((name) => name.endsWith('.js'))
      .map((name) => path.join(contentDir, name)),
    ...scriptsOfPage(dir, 'popup.html'),
    ...scriptsOfPage(dir, 'welcome.html'),
  ];
  for (const file of guarded) {
    const text = readFileSync(file, 'utf8');
    for (const marker of CONSOLE_ONLY) {
      if (marker.test(text)) {
        console.error(
          `✗ ${file} contains ${marker}: graphql-js, the schema or CodeMirror leaked out of the console page`,
        );
        failures++;
      }
    }
  }
  const consoleScripts = scriptsOfPage(dir, 'console.html')
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  for (const marker of CONSOLE_ONLY) {
    if (!marker.test(consoleScripts)) {
      console.error(`✗ ${browser}: the console page lacks ${marker}; update this check's markers`);
      failures++;
    }
  }
}
// The token store and the vaults never reach the content script. Markers: the storage keys each vault defines
// (`storage.defineItem('session:apiToken', …)`) and the IndexedDB database names of the vault
// (`VAULT_DB = 'kitedeck-vault'`), read from the vault sources (every `*vault*.ts` and `lib/vault/`) so a new vault
// or key is covered; the background bundle must contain them (else the markers are stale and this check proves
// nothing).
const VAULT_SOURCES = [];
for (const dir of ['lib']) {
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop();
    for (const name of readdirSync(current)) {
      const file = path.join(current, name);
      if (statSync(file).isDirectory()) stack.push(file);
      else if (/\.ts$/.test(name) && (/vault/.test(name) || /(^|\/)lib\/vault\//.test(file))) VAULT_SOURCES.push(file);
    }
  }
}
const vaultMarkers = VAULT_SOURCES.flatMap((file) => {
  const source = readFileSync(file, 'utf8');
  const keys = [...source.matchAll(/defineItem<[^(]*>\(\s*'((?:local|session|sync|managed):[A-Za-z0-9_-]+)'/g)];
  const databases = [...source.matchAll(/const [A-Z_]*DB[A-Z_]* = '([A-Za-z0-9_-]+)'/g)];
  return [...keys, ...databases].map((match) => match[1]);
});
if (vaultMarkers.length === 0 || !vaultMarkers.some((marker) => !marker.includes(':'))) {
  console.error(`✗ found no vault database or key in ${VAULT_SOURCES.join(', ')}; update this check`);
  failures++;
}
for (const browser of ['chrome-mv3', 'firefox-mv3']) {
  const dir = path.join('.output', browser);
  const background = readFileSync(path.join(dir, 'background.js'), 'utf8');
  const contentDir = path.join(dir, 'content-scripts');
  for (const key of vaultMarkers) {
    const marker = new RegExp(`['"\`]${key}['"\`]`);
    if (!marker.test(background)) {
      console.error(`✗ ${browser}: background.js lacks the vault key ${key}; update this check's markers`);
      failures++;
    }
    for (const name of readdirSync(contentDir).filter((file) => file.endsWith('.js'))) {
      if (marker.test(readFileSync(path.join(contentDir, name), 'utf8'))) {
        console.error(`✗ ${browser}/content-scripts/${name} contains the vault key ${key}: a vault leaked in-page`);
        failures++;
      }
    }
  }
}

// The content script every Buildkite tab loads calls nothing from Intl: the first `localeCompare`, `Intl.*` or
// `toLocale*String` call in a JavaScript world builds ICU's data for it (about 11 ms of that tab's main thread,
// issue 16). On-demand code (buildkite-ui.js, injected on first use) may.
for (const browser of ['chrome-mv3', 'firefox-mv3']) {
  const everyTab = path.join('.output', browser, 'content-scripts', 'buildkite.js');
  const text = readFileSync(everyTab, 'utf8');
  for (const marker of [/\.localeCompare\(/, /\bIntl\./, /\.toLocale[A-Za-z]*String\(/]) {
    if (marker.test(text)) {
      console.error(`✗ ${everyTab} contains ${marker}: ICU set-up on every Buildkite tab; keep it in on-demand code`);
      failures++;
    }
  }
}

console.log(
  failures
    ? `${failures} problem(s) in the production bundle`
    : '✓ production bundle: only Buildkite hosts; graphql-js and the schema only in the console page; no vault in-page; no Intl on every tab',
);
process.exit(failures ? 1 : 0);
