import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';

/** The Firefox add-on id (also pins the moz-extension UUID in the Firefox e2e tests). */
export const GECKO_ID = 'kitedeck@kitedeck.dev';

const BUILDKITE_API_HOSTS = ['https://api.buildkite.com/*', 'https://graphql.buildkite.com/*'];
/** Webhook targets are asked for at the moment of use, never up front. */
const WEBHOOK_TARGETS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*', 'http://[::1]/*'];
/** The e2e build talks to a loopback fake Buildkite (ports are not honoured in Firefox host patterns). */
const E2E_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];
/** API console portals: asked for when a portal is first run (most users never run one; no new install warning). */
const PORTAL_HOST = 'https://portal.buildkite.com/*';
/** The e2e build may reach the pipeline-trigger host (Chromium e2e routes it to the fake; no prompt can be answered). */
const E2E_TRIGGER_HOSTS = ['https://webhook.buildkite.com/*'];

/**
 * Emitted JS in ASCII (other characters as `\uXXXX`, the same values): V8 keeps a script's source one byte per
 * character only when every character fits, else two, and the content script's source sits in every Buildkite
 * tab's heap (issue 16).
 */
const asciiOutput = (): Plugin => ({
  name: 'kd-ascii-output',
  enforce: 'post',
  generateBundle(_, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type !== 'chunk') continue;
      file.code = file.code.replace(/[^ -~\t\n\r]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    }
  },
});

export default defineConfig({
  manifestVersion: 3,
  vite: () => ({ plugins: [preact(), asciiOutput()] }),
  manifest: ({ browser, mode }) => {
    const e2e = mode === 'e2e';
    return {
      name: 'Kitedeck for Buildkite',
      description: 'Quick actions on Buildkite pages, API token health, and a webhook lab.',
      permissions: ['storage', 'alarms', 'notifications', 'activeTab', 'scripting'],
      icons: { 16: '/icon-16.png', 32: '/icon-32.png', 48: '/icon-48.png', 128: '/icon-128.png' },
      host_permissions: e2e ? [...BUILDKITE_API_HOSTS, ...E2E_HOSTS, ...E2E_TRIGGER_HOSTS] : BUILDKITE_API_HOSTS,
      optional_host_permissions: [...WEBHOOK_TARGETS, PORTAL_HOST],
      action: { default_title: 'Kitedeck' },
      // The command palette (re-bindable in the browser's shortcut settings): in the Buildkite tab, else the popup.
      commands: {
        'open-palette': {
          suggested_key: { default: 'Ctrl+Shift+K', mac: 'Command+Shift+K' },
          description: 'Open the Kitedeck command palette',
        },
      },
      ...(browser === 'firefox'
        ? {
            browser_specific_settings: {
              gecko: {
                id: GECKO_ID,
                // data_collection_permissions needs Firefox 140 (desktop ESR) and 142 on Android.
                strict_min_version: '140.0',
                data_collection_permissions: { required: ['none'] },
              },
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : {}),
    };
  },
  hooks: {
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'e2e') return;
      // The fixture Buildkite pages are served by the fake on loopback (Firefox can't intercept requests).
      for (const script of manifest.content_scripts ?? []) {
        if (script.matches?.includes('https://buildkite.com/*')) script.matches.push('http://127.0.0.1/*');
      }
    },
  },
  zip: {
    excludeSources: ['tests/**', 'test-results/**', 'playwright-report/**', '.reports/**', '.ci/**'],
  },
});
