import type { Page } from '@playwright/test';
import { FUZZY_TARGET } from '../../fake-buildkite/many-pipelines';
import { BUILDS } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { expect, test } from './fixtures';

const buildUrl = (b: { org: string; pipeline: string; number: number }) =>
  `https://buildkite.com/${b.org}/${b.pipeline}/builds/${b.number}`;

async function saveToken(openExtensionPage: (file: string) => Promise<Page>, token: string) {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Buildkite API access token').fill(token);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect(popup.getByRole('status')).not.toContainText('Checking');
  await expect(popup.getByRole('status')).not.toContainText('No token set');
  await popup.close();
}

const combobox = (page: Page) => page.getByRole('combobox', { name: 'Search pipelines, builds and actions' });
const listbox = (page: Page) => page.getByRole('listbox', { name: 'Results' });

async function openPalette(page: Page) {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+k');
  await expect(combobox(page)).toBeFocused();
}

test.describe('command palette (full token, 300 pipelines over 3 organisations)', () => {
  test.beforeEach(async ({ openExtensionPage }) => {
    await fake.manyPipelines({ total: 300 });
    await saveToken(openExtensionPage, TOKENS.full);
  });

  test('Ctrl+K on the dashboard: a fuzzy fragment finds a pipeline of the second organisation; Enter goes there', async ({
    context,
  }) => {
    const page = await context.newPage();
    await page.goto('https://buildkite.com/dashboard');
    await openPalette(page);
    await expect(combobox(page)).toHaveAttribute('aria-expanded', 'true');
    await combobox(page).fill('glbxquantled');
    const first = listbox(page).getByRole('option').first();
    await expect(first).toContainText(`globex / ${FUZZY_TARGET.name}`);
    await expect(first).toHaveAttribute('aria-selected', 'true');
    await expect(combobox(page)).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
    await expect(first.locator('mark').first()).toBeVisible(); // matched characters highlighted
    await combobox(page).press('Enter');
    await page.waitForURL(`https://buildkite.com/${FUZZY_TARGET.org}/${FUZZY_TARGET.slug}`);
  });

  test('on a pipeline page: New build opens Kitedeck’s form; #n goes to that build; arrows move; Esc closes and gives focus back; on a failed build the failure digest opens', async ({
    context,
  }) => {
    const page = await context.newPage();
    await page.goto('https://buildkite.com/acme/web');
    await openPalette(page);
    await combobox(page).fill('>new build');
    await expect(listbox(page).getByRole('option').first()).toContainText('New build');
    await combobox(page).press('Enter');
    const form = page.getByRole('dialog', { name: 'New build: web' });
    await expect(form).toBeVisible();
    expect(page.url()).toBe('https://buildkite.com/acme/web');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(form).toBeHidden();
    await openPalette(page);
    await combobox(page).fill('#103');
    await expect(listbox(page).getByRole('option', { name: /Go to acme\/web #103/ })).toBeVisible();
    await combobox(page).fill('web');
    await expect(listbox(page).getByRole('option').nth(1)).toBeVisible();
    await combobox(page).press('ArrowDown');
    await expect(listbox(page).getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
    await combobox(page).press('Escape');
    await expect(combobox(page)).toHaveCount(0);
    await expect(page.locator('body')).toBeFocused();
    await combobox(page).waitFor({ state: 'detached' });
    await openPalette(page);
    await combobox(page).fill('#103');
    await combobox(page).press('Enter');
    await page.waitForURL(buildUrl(BUILDS.webFailed));
    await expect(page.locator('kd-panel[data-kd-build=ready]')).toBeAttached();
    await openPalette(page);
    await combobox(page).fill('>failure digest');
    await expect(listbox(page).getByRole('option').first()).toContainText('Open the failure digest');
    const digest = context.waitForEvent('page');
    await combobox(page).press('Enter');
    expect((await digest).url()).toMatch(/\/digest\.html\?.*103/);
  });

  test('paste a build URL; > lists only actions', async ({ context }) => {
    const page = await context.newPage();
    await page.goto('https://buildkite.com/dashboard');
    await openPalette(page);
    await combobox(page).fill('>');
    const options = listbox(page).getByRole('option');
    await expect(options.first()).toBeVisible();
    const names = await options.allTextContents();
    expect(names.every((n) => n.includes('action'))).toBe(true);
    expect(names.join('|')).toContain('Open the API console');
    await combobox(page).fill(`${buildUrl(BUILDS.webPassed)}#whatever`);
    await expect(options.first()).toContainText('Go to Build #101 of acme/web');
    await combobox(page).press('Enter');
    await page.waitForURL(/\/acme\/web\/builds\/101/);
  });

  test('an in-context action: rebuild from the palette on a build page reaches the fake', async ({ context }) => {
    const page = await context.newPage();
    await page.goto(buildUrl(BUILDS.webFailed));
    await expect(page.locator('kd-panel[data-kd-build=ready]')).toBeAttached();
    await fake.clearRequests();
    await openPalette(page);
    await combobox(page).fill('>rebuild');
    await expect(listbox(page).getByRole('option').first()).toContainText('Rebuild this build');
    await combobox(page).press('Enter');
    await expect(page.locator('[data-kd=feedback]')).toContainText(/Rebuilt as #\d+/);
    const sent = (await fake.requests({ token: TOKENS.full })).filter((r) => r.operationName === 'BuildRebuild');
    expect(sent).toHaveLength(1);
  });

  test('a Ctrl+K dispatched by the page opens nothing', async ({ context }) => {
    const page = await context.newPage();
    await page.goto('https://buildkite.com/dashboard');
    await page.evaluate(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }));
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', metaKey: true, bubbles: true }));
    });
    // A real key press afterwards proves the listener is there: only it opens the palette.
    expect(await page.locator('kd-palette').count()).toBe(0);
    await openPalette(page);
    await expect(page.locator('kd-palette')).toHaveCount(1);
  });
});

test('without GraphQL access: pasted URLs still navigate, and the palette says what it needs', async ({
  context,
  openExtensionPage,
}) => {
  await saveToken(openExtensionPage, TOKENS.readonly);
  const page = await context.newPage();
  await page.goto('https://buildkite.com/acme/web');
  await openPalette(page);
  await combobox(page).fill('deploy');
  await expect(page.getByRole('status').filter({ hasText: 'needs a token with GraphQL access' })).toBeVisible();
  await combobox(page).fill(buildUrl(BUILDS.deployPassed));
  await expect(listbox(page).getByRole('option').first()).toContainText('Go to Build #12 of acme/deploy');
  await combobox(page).press('Enter');
  await page.waitForURL(buildUrl(BUILDS.deployPassed));
  const graphql = (await fake.requests({ token: TOKENS.readonly })).filter((r) =>
    r.operationName?.startsWith('Palette'),
  );
  expect(graphql).toHaveLength(0);
});
