import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { BUILDS } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { expect, test } from './fixtures';

/** axe-core on the in-page panel (its shadow root is open to assistive tools), in each state, light and dark. */
const buildUrl = (b: { org: string; pipeline: string; number: number }) =>
  `https://buildkite.com/${b.org}/${b.pipeline}/builds/${b.number}`;

async function violations(page: Page) {
  // The panel fades in (120 ms): measure the colours the user sees once it has, not half-way.
  await page.evaluate(() =>
    Promise.all(
      (document.querySelector('kd-panel')?.shadowRoot?.getAnimations() ?? [])
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished),
    ),
  );
  const result = await new AxeBuilder({ page }).include('kd-panel').analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`panel states have no axe violations (${colorScheme})`, async ({ context, openExtensionPage }) => {
    test.setTimeout(180_000); // four states, each analysed by axe
    const popup = await openExtensionPage('popup.html');
    await popup.getByLabel('Buildkite API access token').fill(TOKENS.full);
    await popup.getByRole('button', { name: 'Save token' }).click();
    await expect(popup.getByRole('status')).not.toContainText(/Checking|No token set/);
    await popup.close();

    const page = await context.newPage();
    await page.emulateMedia({ colorScheme });
    const panel = page.getByRole('region', { name: 'Kitedeck' });
    const open = async (b: { org: string; pipeline: string; number: number }) => {
      await page.goto(buildUrl(b));
      await expect(page.locator('kd-panel[data-kd-build=ready]')).toBeAttached();
      const launcher = page.locator('kd-panel [data-kd=launcher]');
      if (await launcher.isVisible()) {
        expect(await violations(page), 'launcher').toEqual([]);
        await launcher.click();
      }
      await expect(panel.getByRole('button', { name: 'Collapse Kitedeck panel' })).toBeVisible();
    };

    // Passed.
    await open(BUILDS.webPassed);
    expect(await violations(page), 'passed').toEqual([]);

    // Failed, with the retry preview open.
    await open(BUILDS.webFailed);
    await panel.getByRole('button', { name: 'Retry failed jobs' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await violations(page), 'retry preview').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();

    // The ? overlay.
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Kitedeck keyboard shortcuts' })).toBeVisible();
    expect(await violations(page), '? overlay').toEqual([]);
    await page.keyboard.press('Escape');

    // Blocked, with the unblock form open.
    await open(BUILDS.deployBlocked);
    await expect(panel.locator('[data-kd=build-state]')).toHaveText('blocked');
    await panel
      .getByRole('button', { name: /^Unblock / })
      .first()
      .click();
    await expect(page.getByRole('dialog')).toBeVisible();
    expect(await violations(page), 'unblock form').toEqual([]);
  });
}
