import type { ElementHandle, Page } from 'puppeteer-core';
import { BUILDS, gqlId, JOBS } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake, FAKE_ORIGIN } from '../env';
import type { FirefoxSession } from './firefox';
import { expect, saveToken, test } from './fixtures';

/** Real Firefox ESR (puppeteer-core over WebDriver BiDi): the fixture pages come from the fake on loopback. */

const pageUrl = (b: { org: string; pipeline: string; number: number }) =>
  `${FAKE_ORIGIN}/${b.org}/${b.pipeline}/builds/${b.number}`;

async function openBuild(firefox: FirefoxSession, build: { org: string; pipeline: string; number: number }) {
  const page = await firefox.openPage(pageUrl(build), 'kd-panel[data-kd-build=ready]');
  await expandPanel(page);
  return page;
}

/** The panel starts as a launcher (or expanded, when the user left it so): expand it. */
async function expandPanel(page: Page) {
  await page.evaluate(() => {
    const launcher = document
      .querySelector('kd-panel')!
      .shadowRoot!.querySelector<HTMLButtonElement>('[data-kd=launcher]')!;
    if (launcher.getAttribute('aria-expanded') === 'false') launcher.click();
  });
  await expect
    .poll(() =>
      page.evaluate(() => !!document.querySelector('kd-panel')?.shadowRoot?.querySelector('.kd-panel:not([hidden])')),
    )
    .toBe(true);
}

/** A button in Kitedeck's shadow root (panel and dialogs) by accessible name (aria-label, else its text). */
async function button(page: Page, name: string): Promise<ElementHandle<HTMLButtonElement>> {
  await expect.poll(() => page.evaluate(findButton, name), { timeout: 15_000 }).toBe(true);
  return page.evaluateHandle((n: string) => {
    const root = document.querySelector('kd-panel')!.shadowRoot!;
    return [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === n)!;
  }, name);
}
function findButton(n: string) {
  const root = document.querySelector('kd-panel')?.shadowRoot;
  const b =
    root && [...root.querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') ?? x.textContent) === n);
  return !!b && !b.hidden && !b.closest('[hidden]');
}
const shadowText = (page: Page, selector: string) =>
  page.evaluate(
    (s: string) => document.querySelector('kd-panel')?.shadowRoot?.querySelector(s)?.textContent ?? '',
    selector,
  );
const waitShadowText = (page: Page, selector: string, expected: string | RegExp) =>
  expect.poll(() => shadowText(page, selector), { timeout: 15_000 }).toMatch(expected);
const ops = async (name: string, token = TOKENS.full) =>
  (await fake.requests({ token })).filter((r) => r.operationName === name);

/** A button of the open dialog in Kitedeck's shadow root, by its text or aria-label; scrolled into view for a real click. */
async function dialogButton(page: Page, name: string): Promise<ElementHandle<HTMLButtonElement>> {
  const handle = async () => (await page.evaluateHandle(findDialogButton, name)) as ElementHandle<HTMLButtonElement>;
  await expect
    .poll(async () => (await handle()).evaluate((b) => b instanceof HTMLButtonElement), { timeout: 15_000 })
    .toBe(true);
  const found = await handle();
  await found.evaluate((b) => b.scrollIntoView({ block: 'center' }));
  return found;
}
function findDialogButton(n: string) {
  return [...(document.querySelector('kd-panel')?.shadowRoot?.querySelectorAll('dialog[open] button') ?? [])].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent) === n,
  );
}
/** The title of the open dialog in Kitedeck's shadow root, or null. */
const openDialogTitle = (page: Page) =>
  page.evaluate(
    () => document.querySelector('kd-panel')?.shadowRoot?.querySelector('dialog[open] h2')?.textContent ?? null,
  );
/** The accessible name of the element focused in Kitedeck's shadow root. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const active = document.querySelector('kd-panel')?.shadowRoot?.activeElement;
    return active ? (active.getAttribute('aria-label') ?? active.textContent) : null;
  });
/** The field of the open dialog whose label starts with `label`. */
const dialogField = (page: Page, label: string) =>
  page.evaluateHandle((l: string) => {
    const root = document.querySelector('kd-panel')!.shadowRoot!;
    const found = [...root.querySelectorAll('dialog[open] label')].find((x) => x.textContent?.startsWith(l))!;
    return (found as HTMLLabelElement).control!;
  }, label) as Promise<ElementHandle<HTMLInputElement>>;

test('Firefox: one request per page view; rebuild on a double click is sent once and links to the new build', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  await fake.clearRequests();
  const page = await openBuild(firefox, BUILDS.webFailed);
  expect((await fake.requests({ token: TOKENS.full })).map((r) => r.operationName)).toEqual(['BuildPage']);
  const rebuild = await button(page, 'Rebuild');
  await rebuild.click({ count: 2 });
  await waitShadowText(page, '[data-kd=feedback]', /Rebuilt as #\d+\./);
  expect((await ops('BuildRebuild')).map((r) => r.variables)).toEqual([{ id: gqlId('Build', BUILDS.webFailed.id) }]);
});

test('Firefox: retry failed jobs with the infrastructure filter sends only the agent-lost and agent-stopped jobs', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const page = await openBuild(firefox, BUILDS.webFailed);
  await (await button(page, 'Retry failed jobs')).click();
  await waitShadowText(page, 'dialog ul[aria-label="Jobs left out"]', /Flaky suite: already retried/);
  await page.evaluate(() => {
    const root = document.querySelector('kd-panel')!.shadowRoot!;
    const label = [...root.querySelectorAll('dialog label')].find((l) =>
      l.textContent?.includes('Only infrastructure failures'),
    )!;
    label.querySelector('input')!.click();
  });
  await waitShadowText(page, 'dialog ul[aria-label="Jobs that will be retried"]', /^Integration testsE2E tests$/);
  await (await button(page, 'Retry 2 jobs')).click();
  await waitShadowText(page, '[data-kd=feedback]', 'Retried 2 jobs.');
  const sent = JSON.stringify(
    (await fake.requests({ token: TOKENS.full }))
      .filter((r) => /Retr/.test(r.operationName ?? ''))
      .map((r) => r.variables),
  );
  expect(sent).toContain(gqlId('Job', JOBS.agentLost));
  expect(sent).toContain(gqlId('Job', JOBS.agentStopped));
  expect(sent).not.toContain(gqlId('Job', JOBS.failedUnit));
});

test('Firefox: unblock validates the required field, then sends the fields', async ({ firefox }) => {
  await saveToken(firefox, TOKENS.full);
  const page = await openBuild(firefox, BUILDS.webFailing);
  await (await button(page, 'Unblock Deploy to staging?')).click();
  await (await button(page, 'Unblock')).click();
  await waitShadowText(page, 'dialog', /Release name is required\./);
  expect(await ops('JobUnblock')).toHaveLength(0);
  const input = (await page.evaluateHandle(
    () => document.querySelector('kd-panel')!.shadowRoot!.querySelector('dialog input[type=text]')!,
  )) as ElementHandle<HTMLInputElement>;
  await input.type('v3.0.0');
  await (await button(page, 'Unblock')).click();
  await waitShadowText(page, '[data-kd=feedback]', 'Unblocked “Deploy to staging?”.');
  const sent = await ops('JobUnblock');
  expect(sent).toHaveLength(1);
  const variables = sent[0]!.variables as { id: string; fields: string };
  expect(variables.id).toBe(gqlId('Job', JOBS.failingBlock));
  expect(JSON.parse(variables.fields)).toMatchObject({ 'release-name': 'v3.0.0', environment: 'staging' });
});

test('Firefox: without write_builds the controls are disabled with the reason', async ({ firefox }) => {
  await saveToken(firefox, TOKENS.readonly);
  const page = await openBuild(firefox, BUILDS.webFailing);
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const root = document.querySelector('kd-panel')!.shadowRoot!;
          const rebuild = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Rebuild')!;
          return `${rebuild.disabled} ${root.getElementById(rebuild.getAttribute('aria-describedby') ?? '')?.textContent ?? ''}`;
        }),
      { timeout: 15_000 },
    )
    .toMatch(/^true .*write_builds.*popup/);
});

test('Firefox: a 422 and then a 5xx are shown in the error vocabulary and not retried; unblock warns of a newer build first', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const page = await openBuild(firefox, BUILDS.webFailed);
  const feedbackAttr = (name: string) =>
    page.evaluate(
      (n: string) =>
        // null until the action runs (its code comes on first use)
        document.querySelector('kd-panel')?.shadowRoot?.querySelector('[data-kd=feedback]')?.getAttribute(n) ?? null,
      name,
    );
  await fake.scenario({
    match: { operationName: 'BuildRebuild' },
    respond: { kind: 'status', status: 422, body: { message: 'Build can not be rebuilt' } },
    times: 1,
  });
  await (await button(page, 'Rebuild')).click();
  await expect.poll(() => feedbackAttr('data-state'), { timeout: 15_000 }).toBe('error');
  await waitShadowText(page, '[data-kd=feedback]', 'Build can not be rebuilt');
  expect(await ops('BuildRebuild')).toHaveLength(1);

  await fake.scenario({
    match: { operationName: 'BuildRebuild' },
    respond: { kind: 'server-error', status: 503 },
    times: 1,
  });
  await (await button(page, 'Rebuild')).click();
  await expect.poll(() => feedbackAttr('data-kind'), { timeout: 15_000 }).toBe('server');
  expect(await ops('BuildRebuild')).toHaveLength(2);
  expect(await (await button(page, 'Rebuild')).evaluate((b) => b.disabled)).toBe(false);

  // A newer build on the blocked build's branch: the unblock form warns and asks again.
  const blocked = await fake.getBuild(BUILDS.deployBlocked.id);
  const newer = await fake.createBuild({
    org: 'acme',
    pipeline: 'deploy',
    branch: String(blocked.branch),
    state: 'running',
    message: 'Release 2.6.0',
  });
  const deploy = await openBuild(firefox, BUILDS.deployBlocked);
  await (await button(deploy, 'Unblock Release')).click();
  await expect.poll(() => openDialogTitle(deploy)).toBe('Unblock “Release”');
  await (await dialogField(deploy, 'Release notes')).type('Fixes');
  await (await dialogButton(deploy, 'Unblock')).click();
  await waitShadowText(
    deploy,
    'dialog[open] [role=alert]',
    `A newer build exists on ${String(blocked.branch)}: #${newer.number}`,
  );
  expect(
    await deploy.evaluate(
      (n: string) =>
        [...document.querySelector('kd-panel')!.shadowRoot!.querySelectorAll<HTMLAnchorElement>('dialog[open] a')].find(
          (a) => a.textContent === n,
        )?.href,
      `#${newer.number}`,
    ),
  ).toBe(`https://buildkite.com/acme/deploy/builds/${newer.number}`);
  expect(await ops('JobUnblock')).toHaveLength(0);
  await (await dialogButton(deploy, 'Unblock anyway')).click();
  await waitShadowText(deploy, '[data-kd=feedback]', 'Unblocked “Release”.');
  expect(await ops('JobUnblock')).toHaveLength(1);
});

test('Firefox: cancel asks first and is offered only while the build can be canceled; per job: retry from the inline button, cancel from the job menu', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const page = await openBuild(firefox, BUILDS.webFailed);
  await button(page, 'Rebuild');
  expect(await page.evaluate(findButton, 'Cancel build')).toBe(false);

  // Per job, on the failed build: the inline button comes when the page's job link is reached.
  await page.hover('main a[href$="#' + JOBS.failedUnit + '"]');
  const inline = await page.waitForSelector('main button[aria-label="Kitedeck actions for Unit tests"]');
  await inline!.click();
  await expect.poll(() => openDialogTitle(page)).toBe('Job: Unit tests');
  await (await dialogButton(page, 'Retry job')).click();
  await waitShadowText(page, '[data-kd=feedback]', 'Retried Unit tests.');
  expect((await ops('JobRetry')).map((r) => r.variables)).toEqual([{ id: gqlId('Job', JOBS.failedUnit) }]);

  // On the running build: cancel one job from the panel's job menu, then the build (after a "Keep running").
  const running = await openBuild(firefox, BUILDS.webRunning);
  await (await button(running, 'Job actions: Test')).click();
  await expect.poll(() => openDialogTitle(running)).toBe('Job: Test');
  await (await dialogButton(running, 'Cancel job')).click();
  await waitShadowText(running, '[data-kd=feedback]', 'Canceled Test.');
  expect((await ops('JobCancel')).map((r) => r.variables)).toEqual([{ id: gqlId('Job', JOBS.runningTest) }]);

  await (await button(running, 'Cancel build')).click();
  await expect.poll(() => openDialogTitle(running)).toBe(`Cancel build #${BUILDS.webRunning.number}?`);
  await (await dialogButton(running, 'Keep running')).click();
  await expect.poll(() => openDialogTitle(running)).toBeNull();
  expect(await focusedName(running)).toBe('Cancel build');
  expect(await ops('BuildCancel')).toHaveLength(0);
  await (await button(running, 'Cancel build')).click();
  await (await dialogButton(running, 'Cancel build')).click();
  await waitShadowText(running, '[data-kd=feedback]', `Build #${BUILDS.webRunning.number} is cancel`);
  expect((await ops('BuildCancel')).map((r) => r.variables)).toEqual([{ id: gqlId('Build', BUILDS.webRunning.id) }]);
});

test('Firefox: in-app navigation, then cancel acts on the second build; r then f opens the preview', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const page = await openBuild(firefox, BUILDS.webFailed);
  await page.evaluate(
    (href: string) => history.pushState({}, '', href),
    `/acme/web/builds/${BUILDS.webRunning.number}`,
  );
  await waitShadowText(page, '[data-kd=build-summary]', `#${BUILDS.webRunning.number} running`);
  expect(await page.evaluate(() => document.querySelectorAll('kd-panel').length)).toBe(1);
  await (await button(page, 'Cancel build')).click();
  await waitShadowText(page, 'dialog h2', `Cancel build #${BUILDS.webRunning.number}?`);
  // A real click: Kitedeck ignores a script's synthetic click (only the user writes).
  const confirm = (await page.evaluateHandle(() => {
    const root = document.querySelector('kd-panel')!.shadowRoot!;
    return [...root.querySelectorAll<HTMLButtonElement>('dialog button')].find(
      (b) => b.textContent === 'Cancel build',
    )!;
  })) as ElementHandle<HTMLButtonElement>;
  await confirm.evaluate((b) => b.scrollIntoView({ block: 'center' }));
  await confirm.click();
  await waitShadowText(page, '[data-kd=feedback]', `Build #${BUILDS.webRunning.number} is cancel`);
  expect((await ops('BuildCancel')).map((r) => r.variables)).toEqual([{ id: gqlId('Build', BUILDS.webRunning.id) }]);

  await page.evaluate((href: string) => history.pushState({}, '', href), `/acme/web/builds/${BUILDS.webFailed.number}`);
  await waitShadowText(page, '[data-kd=build-summary]', `#${BUILDS.webFailed.number} failed`);
  await page.click('main h1');
  await page.keyboard.press('r');
  await page.keyboard.press('f');
  await waitShadowText(page, 'dialog h2', `Retry failed jobs of #${BUILDS.webFailed.number}`);
});

test('Firefox: page-script key presses, clicks and form submits write nothing, also after a pushState to another build; the user’s keys do', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const page = await openBuild(firefox, BUILDS.webFailed);
  await button(page, 'Rebuild');
  await fake.clearRequests();
  const writes = async () =>
    (await fake.requests({ token: TOKENS.full })).filter(
      (r) =>
        (r.operationName && /Rebuild|Cancel|Retry|Unblock/.test(r.operationName)) ||
        (r.method !== 'GET' && !r.operationName),
    );
  // What a hostile script in the page can do: dispatch keys, click through the open shadow root, submit forms.
  const pageScriptAttack = () =>
    page.evaluate(() => {
      const press = (key: string) =>
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
      for (const keys of [['r', 'b'], ['c', 'b'], ['r', 'f'], ['u']]) keys.forEach(press);
      const root = document.querySelector('kd-panel')?.shadowRoot;
      for (let round = 0; round < 2; round++) {
        for (const b of root?.querySelectorAll('button') ?? []) {
          if (/Rebuild|Cancel build|Retry|Unblock/.test(b.textContent ?? '')) b.click();
        }
        for (const form of root?.querySelectorAll('form') ?? []) form.requestSubmit();
      }
    });
  await pageScriptAttack();
  expect(
    await page.evaluate(() => !!document.querySelector('kd-panel')?.shadowRoot?.querySelector('dialog[open]')),
  ).toBe(false);

  await page.evaluate(
    (href: string) => history.pushState({}, '', href),
    `/acme/web/builds/${BUILDS.webRunning.number}`,
  );
  await waitShadowText(page, '[data-kd=build-summary]', `#${BUILDS.webRunning.number} running`);
  await pageScriptAttack();
  expect(await writes()).toEqual([]);

  // The user's own keys still write (so this test can fail), back on the failed build.
  await page.evaluate((href: string) => history.pushState({}, '', href), `/acme/web/builds/${BUILDS.webFailed.number}`);
  await waitShadowText(page, '[data-kd=build-summary]', `#${BUILDS.webFailed.number} failed`);
  await page.click('main h1');
  await page.keyboard.press('r');
  await page.keyboard.press('b');
  await waitShadowText(page, 'dialog h2', `Rebuild #${BUILDS.webFailed.number}?`);
  const confirm = (await page.evaluateHandle(() => {
    const root = document.querySelector('kd-panel')!.shadowRoot!;
    return [...root.querySelectorAll<HTMLButtonElement>('dialog[open] button')].find(
      (b) => b.textContent === 'Rebuild',
    )!;
  })) as ElementHandle<HTMLButtonElement>;
  await confirm.evaluate((b) => b.scrollIntoView({ block: 'center' }));
  await confirm.click();
  await waitShadowText(page, '[data-kd=feedback]', /Rebuilt as #\d+/);
  expect((await writes()).map((r) => r.operationName ?? r.path)).toEqual(['BuildRebuild']);
});

test('Firefox: typing in a field does nothing; ? opens the overlay (focus kept inside, back on the opener); a feature switched off and read-only mode from the options', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const page = await openBuild(firefox, BUILDS.webFailed);
  await page.evaluate(() =>
    document.querySelector('main')!.insertAdjacentHTML('afterbegin', '<label>Search <input id="q"></label>'),
  );
  await page.type('#q', 'rf?u');
  expect(await page.$eval('#q', (input) => (input as HTMLInputElement).value)).toBe('rf?u');
  expect(await openDialogTitle(page)).toBeNull();

  await page.click('main h1');
  await page.keyboard.press('r');
  await page.keyboard.press('f');
  await expect.poll(() => openDialogTitle(page)).toBe(`Retry failed jobs of #${BUILDS.webFailed.number}`);
  await page.keyboard.press('Escape');
  await expect.poll(() => openDialogTitle(page)).toBeNull();

  await page.keyboard.press('?');
  await expect.poll(() => openDialogTitle(page)).toBe('Kitedeck keyboard shortcuts');
  await waitShadowText(page, 'dialog[open]', /Retry failed jobs/);
  await page.keyboard.press('Tab');
  await expect.poll(() => focusedName(page)).toBe('Close');
  await page.keyboard.press('Tab');
  expect(await focusedName(page)).toBe('Close');
  await page.keyboard.press('Escape');
  await expect.poll(() => openDialogTitle(page)).toBeNull();
  await (await button(page, 'Keyboard shortcuts')).click();
  await expect.poll(() => openDialogTitle(page)).toBe('Kitedeck keyboard shortcuts');
  await (await dialogButton(page, 'Close')).click();
  await expect.poll(() => openDialogTitle(page)).toBeNull();
  expect(await focusedName(page)).toBe('Keyboard shortcuts');

  // The options page: a feature switched off does not run; read-only mode hides every control that writes.
  const options = await firefox.openExtensionPage('options.html', 'section[aria-labelledby="kd-opt-pages"]');
  const setOption = async (selector: string, saved: string) => {
    const box = await options.waitForSelector(selector);
    await box!.evaluate((node) => node.scrollIntoView({ block: 'center' }));
    await box!.click();
    await expect.poll(() => options.$eval('[role=status]', (n) => n.textContent ?? '')).toContain(saved);
  };
  await setOption('input[aria-label="Keyboard shortcuts enabled"]', 'Saved: Keyboard shortcuts off');
  const off = await openBuild(firefox, BUILDS.webFailed);
  await button(off, 'Rebuild');
  expect(await off.evaluate(findButton, 'Keyboard shortcuts')).toBe(false);
  expect(
    await off.evaluate(
      () =>
        [...document.querySelector('kd-panel')!.shadowRoot!.querySelectorAll('button')].filter(
          (b) => b.textContent === 'Keyboard shortcuts',
        ).length,
    ),
  ).toBe(0);

  await options.bringToFront();
  await setOption('section[aria-labelledby="kd-opt-pages"] > label.kd-feature input', 'Saved: read-only mode on');
  const readOnly = await openBuild(firefox, BUILDS.webFailing);
  await button(readOnly, 'Copy helpers');
  for (const name of ['Rebuild', 'Cancel build', 'Retry failed jobs', 'Unblock Deploy to staging?']) {
    expect(await readOnly.evaluate(findButton, name), name).toBe(false);
  }
});

test('Firefox: copy helpers and copy job id put the right text on the clipboard (pasted back with Ctrl+V); open raw log opens the log page', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const page = await openBuild(firefox, BUILDS.webFailed);
  // BiDi has no clipboard read: what the user would paste is what Kitedeck put there.
  await page.evaluate(() =>
    document.querySelector('main')!.insertAdjacentHTML('beforeend', '<textarea id="kd-paste"></textarea>'),
  );
  const pasted = async () => {
    await page.$eval('#kd-paste', (area) => ((area as HTMLTextAreaElement).value = ''));
    await page.click('#kd-paste');
    await page.keyboard.down('Control');
    await page.keyboard.press('v');
    await page.keyboard.up('Control');
    return page.$eval('#kd-paste', (area) => (area as HTMLTextAreaElement).value);
  };
  const copy = async (id: string) => {
    const handle = await page.waitForSelector(`kd-panel >>> button[data-copy="${id}"]`);
    await handle!.click();
    await expect.poll(() => handle!.evaluate((b) => b.textContent)).toBe('Copied');
  };
  await (await button(page, 'Copy helpers')).click();
  await copy('curl');
  const curl = await pasted();
  expect(curl).toBe(
    'curl -H "Authorization: Bearer $BUILDKITE_API_TOKEN" https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/103',
  );
  expect(curl).not.toContain(TOKENS.full);
  await copy('bk');
  expect(await pasted()).toBe('bk build view 103 -p acme/web');
  await copy('commit');
  expect(await pasted()).toMatch(/^[0-9a-f]{40}$/);

  await (await button(page, 'Job actions: Unit tests')).click();
  await expect.poll(() => openDialogTitle(page)).toBe('Job: Unit tests');
  await (await dialogButton(page, 'Copy job id')).click();
  await dialogButton(page, 'Copied');
  await page.keyboard.press('Escape'); // the menu is modal: the page's field is reachable once it is closed
  await expect.poll(() => openDialogTitle(page)).toBeNull();
  expect(await pasted()).toBe(JOBS.failedUnit);

  await (await button(page, 'Job actions: Unit tests')).click();
  await (await dialogButton(page, 'Open raw log')).click();
  // The log opens in a new tab, an extension page: read it through the extension (BiDi has no realm in a tab a
  // script opened into an extension page).
  const observer = await firefox.openExtensionPage('options.html', 'main');
  const logPage = () =>
    observer.evaluate(() => {
      const view = (browser.extension.getViews({ type: 'tab' }) as unknown as (typeof globalThis)[]).find(
        (v) => v.location.pathname === '/job-log.html',
      );
      const doc = view?.document;
      return doc
        ? {
            title: doc.querySelector('h1')?.textContent ?? '',
            log: doc.querySelector('[aria-label=Log]')?.textContent ?? '',
            back: [...doc.querySelectorAll('a')].find((a) => a.textContent === 'Back to the job on Buildkite')?.href,
          }
        : null;
    });
  await expect.poll(async () => (await logPage())?.title, { timeout: 15_000 }).toBe('Log of Unit tests');
  await expect.poll(async () => (await logPage())?.log.length ?? 0).toBeGreaterThan(0);
  const log = (await logPage())!;
  expect(log.log).not.toContain('\x1b');
  expect(log.back).toContain(JOBS.failedUnit);
  expect(
    (await fake.requests({ token: TOKENS.full })).some((r) => r.path.endsWith(`/jobs/${JOBS.failedUnit}/log`)),
  ).toBe(true);
});
