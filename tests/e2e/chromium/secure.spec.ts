import type { BrowserContext, Page } from '@playwright/test';
import { BUILDS } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake } from '../env';
import { expect, test } from './fixtures';

const SECRET = 'e2e-webhook-secret-7f3a9c1d5b';
const buildUrl = (build: { org: string; pipeline: string; number: number }) =>
  `https://buildkite.com/${build.org}/${build.pipeline}/builds/${build.number}`;

async function saveToken(openExtensionPage: (file: string) => Promise<Page>, token: string) {
  const popup = await openExtensionPage('popup.html');
  await popup.getByLabel('Buildkite API access token').fill(token);
  await popup.getByRole('button', { name: 'Save token' }).click();
  await expect(popup.getByRole('status')).not.toContainText('Checking');
  await expect(popup.getByRole('status')).not.toContainText('No token set');
  await popup.close();
}

/** Runs `expression` in Kitedeck's content-script world (the isolated world), as the content script itself would. */
async function inContentScript(context: BrowserContext, page: Page, expression: string): Promise<unknown> {
  const cdp = await context.newCDPSession(page);
  const worlds: { id: number; name: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context: world }) => worlds.push(world));
  await cdp.send('Runtime.enable');
  await expect.poll(() => worlds.some((w) => w.auxData?.type === 'isolated' && w.name.includes('Kitedeck'))).toBe(true);
  const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.name.includes('Kitedeck'))!;
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression,
    contextId: world.id,
    awaitPromise: true,
    returnByValue: true,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.text);
  return result.value;
}

const writes = async () =>
  (await fake.requests({ token: TOKENS.full })).filter(
    (r) =>
      (r.operationName && r.operationName !== 'BuildPage' && /Rebuild|Cancel|Retry|Unblock/.test(r.operationName)) ||
      (r.method !== 'GET' && !r.operationName),
  );

test('from Kitedeck’s content-script world, storage.local/sync/session reveal no token and no webhook secret', async ({
  context,
  openExtensionPage,
}) => {
  await saveToken(openExtensionPage, TOKENS.full);
  const lab = await openExtensionPage('webhook-lab.html');
  await lab.getByLabel('Name', { exact: true }).fill('Vaulted');
  await lab.getByLabel('URL', { exact: true }).fill('https://hooks.example.com/buildkite');
  await lab.getByLabel('Webhook token (secret)', { exact: true }).first().fill(SECRET);
  await lab.getByRole('button', { name: 'Save endpoint' }).click();
  await expect(lab.getByText('Saved “Vaulted”.')).toBeVisible();
  await lab.close();

  const page = await context.newPage();
  await page.goto(buildUrl(BUILDS.webFailed));
  await expect(page.locator('kd-panel[data-kd-build=ready]')).toBeAttached();
  const seen = (await inContentScript(
    context,
    page,
    `(async () => {
      const read = (area) => area ? area.get(null).then((v) => JSON.stringify(v), (e) => 'refused: ' + e.message) : 'absent';
      return [await read(chrome.storage.local), await read(chrome.storage.sync), await read(chrome.storage.session)];
    })()`,
  )) as string[];
  expect(seen).toHaveLength(3);
  expect(seen[0]).toContain('vaultSettings'); // the content script really reads storage.local...
  for (const text of seen) {
    expect(text).not.toContain(TOKENS.full); // ...and finds no secret there
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/bk(ua|pat)_/);
  }
});

test('page-script key presses and clicks write nothing; pushState + a page-triggered write sends nothing; the user’s keys do', async ({
  context,
  openExtensionPage,
}) => {
  await saveToken(openExtensionPage, TOKENS.full);
  const page = await context.newPage();
  await page.goto(buildUrl(BUILDS.webFailed));
  await expect(page.locator('kd-panel[data-kd-build=ready]')).toBeAttached();
  const panel = page.getByRole('region', { name: 'Kitedeck' });
  // The panel starts as a launcher: the user expands it, so every write control is there for the page to try.
  const launcher = page.locator('kd-panel [data-kd=launcher]');
  if ((await launcher.getAttribute('aria-expanded')) === 'false') await launcher.click();
  await expect(panel.getByRole('button', { name: 'Rebuild', exact: true })).toBeVisible();
  await fake.clearRequests();

  const pageScriptAttack = () =>
    page.evaluate(() => {
      const press = (key: string) =>
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
      for (const keys of [['r', 'b'], ['c', 'b'], ['r', 'f'], ['u']]) keys.forEach(press);
      const root = document.querySelector('kd-panel')?.shadowRoot;
      for (const round of [0, 1]) {
        for (const b of root?.querySelectorAll('button') ?? []) {
          if (/Rebuild|Cancel build|Retry|Unblock/.test(b.textContent ?? '')) b.click();
        }
        for (const form of root?.querySelectorAll('form') ?? []) form.requestSubmit();
        void round;
      }
    });
  await pageScriptAttack();
  await expect(panel.getByRole('dialog')).toHaveCount(0);

  // The page moves itself to another build, then drives the panel again.
  await page.evaluate(
    (href) => history.pushState({}, '', href),
    `/${BUILDS.webRunning.org}/${BUILDS.webRunning.pipeline}/builds/${BUILDS.webRunning.number}`,
  );
  await expect(panel).toContainText(`#${BUILDS.webRunning.number}`);
  await expect(page.locator('kd-panel[data-kd-build=ready]')).toBeAttached();
  await pageScriptAttack();

  // A content script asking for a write on a build the tab does not show (neither the URL it loaded nor the one it
  // shows now: Chrome's tab URL follows an in-app navigation a moment late, so the background accepts either) is
  // refused by the background.
  const refused = (await inContentScript(
    context,
    page,
    `chrome.runtime.sendMessage({ id: 1, type: 'rebuildBuild', timestamp: Date.now(),
       data: { org: '${BUILDS.globexFailed.org}', pipeline: '${BUILDS.globexFailed.pipeline}', number: ${BUILDS.globexFailed.number} } })`,
  )) as { res?: { ok: boolean; error?: { title: string } } };
  expect(refused.res).toMatchObject({ ok: false, error: { title: 'Refused: not the build on this page' } });
  expect(await writes()).toEqual([]);

  // The user's own key presses still write (so this test can fail), back on the failed build.
  await page.evaluate(
    (href) => history.pushState({}, '', href),
    `/${BUILDS.webFailed.org}/${BUILDS.webFailed.pipeline}/builds/${BUILDS.webFailed.number}`,
  );
  await expect(panel).toContainText(`#${BUILDS.webFailed.number}`);
  await expect(panel.getByRole('button', { name: 'Rebuild', exact: true })).toBeVisible();
  await page.keyboard.press('r');
  await page.keyboard.press('b');
  const dialog = page.getByRole('dialog', { name: `Rebuild #${BUILDS.webFailed.number}?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Rebuild', exact: true }).click();
  await expect(page.locator('[data-kd=feedback]')).toContainText(/Rebuilt as #\d+/);
  expect((await writes()).map((r) => r.operationName ?? r.path)).toEqual(['BuildRebuild']);
});

test('dialog code reaches the page only on first use, into Kitedeck’s isolated world: never the page’s', async ({
  context,
  openExtensionPage,
  extensionId,
}) => {
  await saveToken(openExtensionPage, TOKENS.full);
  const page = await context.newPage();
  await page.goto(buildUrl(BUILDS.webFailed));
  await expect(page.locator('kd-panel[data-kd-build=ready]')).toBeAttached();
  const loaded = `typeof globalThis[Symbol.for('kitedeck.in-page-ui')]?.ui?.retryFailed`;
  expect(await inContentScript(context, page, loaded)).toBe('undefined');

  const panel = page.getByRole('region', { name: 'Kitedeck' });
  await page.locator('kd-panel [data-kd=launcher]').click();
  await panel.getByRole('button', { name: 'Retry failed jobs' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await inContentScript(context, page, loaded)).toBe('function');
  // The page's own scripts see none of it, and can't fetch the script (it is no web-accessible resource).
  expect(await page.evaluate(loaded)).toBe('undefined');
  const fetched = await page.evaluate(
    (url) =>
      fetch(url).then(
        (r) => `status ${r.status}`,
        () => 'refused',
      ),
    `chrome-extension://${extensionId}/content-scripts/buildkite-ui.js`,
  );
  expect(fetched).toBe('refused');
});
