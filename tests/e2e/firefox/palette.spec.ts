import type { Page } from 'puppeteer-core';
import { FUZZY_TARGET } from '../../fake-buildkite/many-pipelines';
import { BUILDS, gqlId } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake, FAKE_ORIGIN } from '../env';
import { expect, saveToken, test } from './fixtures';

/**
 * The command palette in real Firefox ESR, in one browser (each launch costs CI seconds): the key on a pipeline
 * page and on the dashboard, `>` for actions, a pasted build URL, a fuzzy fragment of the second organisation's
 * pipeline, Enter to go, and a page-dispatched Ctrl+K that opens nothing.
 */
/** What the palette shows: is the combobox focused, its options' text, the selected one, the query they answer. */
const palette = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('kd-palette')?.shadowRoot;
    if (!root) return null;
    const list = root.querySelector('[role=listbox][aria-label=Results]');
    const input = root.querySelector<HTMLInputElement>(
      '[role=combobox][aria-label="Search pipelines, builds and actions"]',
    );
    return {
      focused: !!input && root.activeElement === input,
      options: [...(list?.querySelectorAll('[role=option]') ?? [])].map((o) => o.textContent ?? ''),
      selected: list?.querySelector('[role=option][aria-selected=true]')?.textContent ?? null,
      activedescendant: input?.getAttribute('aria-activedescendant') ?? null,
      answers: list?.getAttribute('data-kd-query') ?? null,
      value: input?.value ?? null,
    };
  });

const pressCtrlK = async (page: Page) => {
  await page.keyboard.down('Control');
  await page.keyboard.press('k');
  await page.keyboard.up('Control');
};

/** The user's real Ctrl+K (trusted key events), pressed until the content script has its listener. */
async function openPalette(page: Page) {
  await expect
    .poll(
      async () => {
        if ((await palette(page))?.focused) return true;
        if (!(await palette(page))) await pressCtrlK(page);
        return (await palette(page))?.focused ?? false;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

/** Types `text` into the (focused) combobox as key presses, after emptying it; waits for its answer. */
async function typeQuery(page: Page, text: string) {
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await expect
    .poll(async () => {
      const p = await palette(page);
      return p !== null && p.value === text && p.answers === text && p.options.length > 0;
    })
    .toBe(true);
  return (await palette(page))!;
}

const pathOf = (page: Page) => page.evaluate(() => location.pathname);

test('Firefox palette: Ctrl+K on a pipeline page and the dashboard; > actions; a pasted build URL; a fuzzy fragment of the second organisation; a dispatched Ctrl+K opens nothing', async ({
  firefox,
}) => {
  await fake.manyPipelines({ total: 300 });
  await saveToken(firefox, TOKENS.full);

  // On a pipeline page: `>` lists only actions (the pipeline's in context, then global ones).
  const page = await firefox.openPage(`${FAKE_ORIGIN}/acme/web`, 'kd-panel');
  await openPalette(page);
  const actions = await typeQuery(page, '>');
  expect(actions.options.every((o) => o.includes('action'))).toBe(true);
  expect(actions.options.join('|')).toContain('New build');
  expect(actions.options.join('|')).toContain('Open the API console');

  // A pasted build URL: Enter goes there.
  const opened = await typeQuery(page, `https://buildkite.com/acme/web/builds/101#whatever`);
  expect(opened.options[0]).toContain('Go to Build #101 of acme/web');
  await page.keyboard.press('Enter');
  await expect.poll(() => pathOf(page).catch(() => '')).toBe('/acme/web/builds/101');

  // On the dashboard: a Ctrl+K the page dispatches opens nothing; the user's own does.
  await page.goto(`${FAKE_ORIGIN}/dashboard`);
  await openPalette(page);
  await page.keyboard.press('Escape');
  await expect.poll(() => palette(page)).toBeNull();
  await page.evaluate(() => {
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }));
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', metaKey: true, bubbles: true }));
  });
  expect(await palette(page)).toBeNull();
  await pressCtrlK(page);
  await expect.poll(async () => (await palette(page))?.focused ?? false).toBe(true);

  // A fuzzy fragment finds the second organisation's pipeline, selected first; Enter goes to it.
  await typeQuery(page, 'glbxquantled');
  // (While the index loads, the palette asks again by itself.)
  await expect
    .poll(async () => (await palette(page))?.options[0] ?? '', { timeout: 15_000 })
    .toContain(`globex / ${FUZZY_TARGET.name}`);
  const found = (await palette(page))!;
  expect(found.selected).toBe(found.options[0]);
  expect(found.activedescendant).toBe('kd-palette-option-0');
  await page.keyboard.press('Enter');
  await expect.poll(() => pathOf(page).catch(() => '')).toBe(`/${FUZZY_TARGET.org}/${FUZZY_TARGET.slug}`);
});

const panelDialogTitle = (page: Page) =>
  page
    .evaluate(
      () => document.querySelector('kd-panel')?.shadowRoot?.querySelector('dialog[open] h2')?.textContent ?? null,
    )
    .catch(() => null);
const panelFeedback = (page: Page) =>
  page
    .evaluate(
      () => document.querySelector('kd-panel')?.shadowRoot?.querySelector('[data-kd=feedback]')?.textContent ?? '',
    )
    .catch(() => '');

test('Firefox palette: on a pipeline page > new build opens the form, arrows move, Escape gives the focus back, #n goes to that build; there > rebuild sends one rebuild and > failure digest opens the digest', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const page = await firefox.openPage(`${FAKE_ORIGIN}/acme/web`, 'kd-panel');
  // > new build opens Kitedeck's form on the page (no navigation); its Cancel closes it.
  await openPalette(page);
  expect((await typeQuery(page, '>new build')).options[0]).toContain('New build');
  await page.keyboard.press('Enter');
  await expect.poll(() => panelDialogTitle(page)).toBe('New build: web');
  expect(await pathOf(page)).toBe('/acme/web');
  await (await page.waitForSelector('kd-panel >>> dialog[open] button::-p-text(Cancel)'))!.click();
  await expect.poll(() => panelDialogTitle(page)).toBeNull();
  // Arrows move the selection; Escape closes and gives the focus back to the page.
  await openPalette(page);
  const results = await typeQuery(page, 'web');
  expect(results.options.length).toBeGreaterThan(1);
  await page.keyboard.press('ArrowDown');
  await expect.poll(async () => (await palette(page))?.selected).toBe(results.options[1]);
  await page.keyboard.press('Escape');
  await expect.poll(() => palette(page)).toBeNull();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);

  await openPalette(page);
  const found = await typeQuery(page, `#${BUILDS.webFailed.number}`);
  expect(found.options.join('|')).toMatch(new RegExp(`Go to acme/web #${BUILDS.webFailed.number}`));
  await page.keyboard.press('Enter');
  await expect.poll(() => pathOf(page).catch(() => '')).toBe(`/acme/web/builds/${BUILDS.webFailed.number}`);
  await page.waitForSelector('kd-panel[data-kd-build=ready]');

  await fake.clearRequests();
  await openPalette(page);
  const actions = await typeQuery(page, '>rebuild');
  expect(actions.options[0]).toContain('Rebuild this build');
  await page.keyboard.press('Enter');
  await expect.poll(() => panelFeedback(page), { timeout: 15_000 }).toMatch(/Rebuilt as #\d+/);
  const sent = (await fake.requests({ token: TOKENS.full })).filter((r) => r.operationName === 'BuildRebuild');
  expect(sent.map((r) => r.variables)).toEqual([{ id: gqlId('Build', BUILDS.webFailed.id) }]);

  // On a failed build, > failure digest opens the digest of this build in a tab (an extension page: read through
  // the extension, BiDi gives such a tab no realm).
  await openPalette(page);
  expect((await typeQuery(page, '>failure digest')).options[0]).toContain('Open the failure digest');
  await page.keyboard.press('Enter');
  const observer = await firefox.openExtensionPage('options.html', 'main');
  await expect
    .poll(() =>
      observer.evaluate(() =>
        (browser.extension.getViews({ type: 'tab' }) as unknown as (typeof globalThis)[])
          .map((view) => view.location.href)
          .find((href) => href.includes('/digest.html?')),
      ),
    )
    .toMatch(/\/digest\.html\?.*103/);
});

test('Firefox palette without GraphQL access: it says what it needs, and a pasted URL still navigates', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.readonly);
  const page = await firefox.openPage(`${FAKE_ORIGIN}/acme/web`, 'kd-panel');
  await openPalette(page);
  await page.keyboard.type('deploy');
  await expect
    .poll(() =>
      page.evaluate(() =>
        [...(document.querySelector('kd-palette')?.shadowRoot?.querySelectorAll('[role=status]') ?? [])]
          .map((n) => n.textContent ?? '')
          .join('|'),
      ),
    )
    .toContain('needs a token with GraphQL access');
  const pasted = await typeQuery(page, `https://buildkite.com/acme/deploy/builds/${BUILDS.deployPassed.number}`);
  expect(pasted.options[0]).toContain(`Go to Build #${BUILDS.deployPassed.number} of acme/deploy`);
  await page.keyboard.press('Enter');
  await expect.poll(() => pathOf(page).catch(() => '')).toBe(`/acme/deploy/builds/${BUILDS.deployPassed.number}`);
  const graphql = (await fake.requests({ token: TOKENS.readonly })).filter((r) =>
    r.operationName?.startsWith('Palette'),
  );
  expect(graphql).toHaveLength(0);
});
