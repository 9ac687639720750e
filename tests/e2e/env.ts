import { fakeClient } from '../fake-buildkite/client';

/** Must match the e2e build's `WXT_KD_FAKE_ORIGIN` (`.env.e2e`, or the same variable in the environment). */
export const FAKE_PORT = Number(process.env.KD_FAKE_PORT ?? 4010);
export const FAKE_ORIGIN = `http://127.0.0.1:${FAKE_PORT}`;
export const fake = fakeClient(FAKE_ORIGIN);

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const CHROME_BUILD = '.output/chrome-mv3-e2e';
export const FIREFOX_BUILD = '.output/firefox-mv3-e2e';
