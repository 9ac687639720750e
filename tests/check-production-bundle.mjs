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
console.log(failures ? `${failures} problem(s) in the production bundle` : '✓ production bundle: only Buildkite hosts');
process.exit(failures ? 1 : 0);
