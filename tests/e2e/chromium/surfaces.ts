import type { Page } from '@playwright/test';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import type { BuildSpec } from '../../fake-buildkite/transitions';
import { fake } from '../env';
import { expect } from './fixtures';

/** Shared states of the extension pages (axe, popup height, README screenshots) reached the way a user gets there. */

export async function pasteHealthyToken(popup: Page) {
  await popup.getByLabel('Buildkite API access token').fill(TOKENS.full);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect(popup.getByRole('status')).toHaveText('Token works.');
}

/** Three watched builds of the common case: one running, one passed, one failed. */
export const COMMON_BUILDS: BuildSpec[] = [
  { org: 'acme', pipeline: 'web', branch: 'main', state: 'running', jobs: [{ name: 'Unit', state: 'running' }] },
  { org: 'acme', pipeline: 'web', branch: 'feature/login', state: 'passed', jobs: [{ name: 'Unit', state: 'passed' }] },
  { org: 'acme', pipeline: 'deploy', branch: 'main', state: 'failed', jobs: [{ name: 'Ship', state: 'failed' }] },
];

/** A build that waits at a block step (lands in "Needs you"). */
export const BLOCKED_BUILD: BuildSpec = {
  org: 'acme',
  pipeline: 'deploy',
  branch: 'main',
  state: 'running',
  blocked: true,
  jobs: [
    { name: 'Package', state: 'passed' },
    { type: 'block', label: 'Ship it?' },
  ],
};

/** Watches each build through the popup's field; returns once all are listed with a state. */
export async function watchBuilds(popup: Page, specs: BuildSpec[]) {
  for (const spec of specs) {
    const build = await fake.createBuild(spec);
    await popup
      .getByLabel('Build URL to watch')
      .fill(`https://buildkite.com/${spec.org}/${spec.pipeline}/builds/${build.number}`);
    await popup.getByRole('button', { name: 'Watch', exact: true }).click();
    await expect(
      popup.locator(`ul[aria-label="Watched builds"] li[data-build="${spec.org}/${spec.pipeline}/${build.number}"]`),
    ).not.toContainText('Waiting for the first check');
  }
}

/** The popup's content height at its fixed width (what the browser would size the popup to). */
export async function popupHeight(popup: Page): Promise<number> {
  await popup.setViewportSize({ width: 400, height: 100 });
  return popup.evaluate(() => document.documentElement.scrollHeight);
}
