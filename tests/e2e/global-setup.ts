import { existsSync, readFileSync } from 'node:fs';
import { startFakeBuildkite } from '../fake-buildkite/server';
import { FAKE_ORIGIN, FAKE_PORT } from './env';

/** Starts the fake Buildkite for the whole run; checks the e2e builds exist. */
export default async function globalSetup() {
  for (const dir of ['.output/chrome-mv3-e2e', '.output/firefox-mv3-e2e']) {
    if (!existsSync(`${dir}/manifest.json`)) throw new Error(`${dir} is missing: run \`npm run build:e2e\` first.`);
    if (!readFileSync(`${dir}/background.js`, 'utf8').includes(FAKE_ORIGIN)) {
      throw new Error(
        `${dir} was built for another fake origin than ${FAKE_ORIGIN}: rebuild with WXT_KD_FAKE_ORIGIN=${FAKE_ORIGIN}.`,
      );
    }
  }
  const fake = await startFakeBuildkite({ port: FAKE_PORT, host: '127.0.0.1' });
  return async () => {
    await fake.close();
  };
}
