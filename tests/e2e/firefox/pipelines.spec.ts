import type { ElementHandle, Page } from 'puppeteer-core';
import { BUILDS, USER } from '../../fake-buildkite/seed-ids';
import { TOKENS } from '../../fake-buildkite/seed-tokens';
import { fake, FAKE_ORIGIN } from '../env';
import type { FirefoxSession } from './firefox';
import { expect, saveToken, test } from './fixtures';

/** Pipeline pages in real Firefox ESR: new build, cancel superseded, skipped since the preview, pacing and Stop. */
const BRANCH = 'feature/search';
type Made = { id: string; number: number; state: string };

function findButton(n: string) {
  const root = document.querySelector('kd-panel')?.shadowRoot;
  // The panel starts as a launcher: expand it (expanding writes nothing).
  const launcher = root?.querySelector<HTMLButtonElement>('[data-kd=launcher]');
  if (launcher?.getAttribute('aria-expanded') === 'false' && !root?.querySelector('dialog[open]')) launcher.click();
  const b =
    root && [...root.querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') ?? x.textContent) === n);
  return !!b && !b.hidden && !b.closest('[hidden]') && !b.disabled;
}

/** A button in the panel's shadow root by accessible name; clicked for real (a trusted event). */
async function click(page: Page, name: string) {
  await expect.poll(() => page.evaluate(findButton, name), { timeout: 15_000 }).toBe(true);
  const handle = (await page.evaluateHandle((n: string) => {
    const root = document.querySelector('kd-panel')!.shadowRoot!;
    return [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === n)!;
  }, name)) as ElementHandle<HTMLButtonElement>;
  // Inside a scrolling dialog, Firefox's driver clicks where the button would be without scrolling: scroll first,
  // as a user would.
  await handle.evaluate((b) => b.scrollIntoView({ block: 'center' }));
  await handle.click();
}

/** Fills the field labelled `label` in the open dialog (input events, as typing sends). */
async function fill(page: Page, label: string, value: string) {
  await expect
    .poll(
      () =>
        page.evaluate(
          ([label, value]) => {
            const root = document.querySelector('kd-panel')!.shadowRoot!;
            const dialog = root.querySelector('dialog[open]');
            const target = dialog && [...dialog.querySelectorAll('label')].find((l) => l.textContent === label);
            const input = target ? (root.getElementById(target.htmlFor) as HTMLInputElement | null) : null;
            if (!input) return false;
            input.value = value;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            return true;
          },
          [label, value] as const,
        ),
      { timeout: 15_000 },
    )
    .toBe(true);
}

/** The value of the field labelled `label` in the open dialog (null until it is there). */
const valueOf = (page: Page, label: string) =>
  page.evaluate((label) => {
    const root = document.querySelector('kd-panel')?.shadowRoot;
    const dialog = root?.querySelector('dialog[open]');
    const target = dialog && [...dialog.querySelectorAll('label')].find((l) => l.textContent === label);
    return target ? ((root!.getElementById(target.htmlFor) as HTMLInputElement | null)?.value ?? null) : null;
  }, label);

const texts = (page: Page, selector: string) =>
  page.evaluate(
    (s) => [...document.querySelector('kd-panel')!.shadowRoot!.querySelectorAll(s)].map((n) => n.textContent ?? ''),
    selector,
  );

async function openList(firefox: FirefoxSession, path: string) {
  const page = await firefox.openPage(`${FAKE_ORIGIN}${path}`, 'kd-panel');
  await click(page, 'Show builds');
  await expect.poll(() => texts(page, '[data-kd=build-list] li'), { timeout: 15_000 }).not.toEqual([]);
  return page;
}

const progressStatus = async (page: Page) => (await texts(page, '[data-kd=bulk-progress] [role=status]'))[0] ?? '';

test('Firefox: new build with environment and meta-data, as received at the fake; rebuild with changes keeps the commit and branch', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const page = await firefox.openPage(`${FAKE_ORIGIN}/acme/web`, 'kd-panel');
  await click(page, 'New build');
  await fill(page, 'Branch', 'dev');
  await click(page, 'Add environment variable');
  await fill(page, 'Environment variable 1 key', 'DEPLOY_ENV');
  await fill(page, 'Environment variable 1 value', 'staging');
  await click(page, 'Add meta-data');
  await fill(page, 'Meta-data 1 key', 'release');
  await fill(page, 'Meta-data 1 value', '2.5');
  await fake.clearRequests();
  await click(page, 'Create build');
  await expect
    .poll(() => texts(page, 'dialog [role=status]'), { timeout: 15_000 })
    .toEqual([expect.stringMatching(/Build #\d+ created/)]);
  const [create] = (await fake.requests({ operationName: 'BuildCreate' })) as { variables: any }[];
  expect(create!.variables.input).toMatchObject({
    branch: 'dev',
    commit: 'HEAD',
    env: ['DEPLOY_ENV=staging'],
    metaData: [{ key: 'release', value: '2.5' }],
  });

  // Rebuild with changes (same browser, same tab): the form prefilled from the build, one more variable.
  await page.goto(`${FAKE_ORIGIN}/acme/web/builds/${BUILDS.webFailed.number}`);
  await click(page, 'Rebuild with changes');
  const original = (await fake.state()).builds.find((b) => b.id === BUILDS.webFailed.id)!;
  await expect.poll(() => valueOf(page, 'Branch'), { timeout: 15_000 }).toBe(original.branch);
  expect(await valueOf(page, 'Commit')).toBe(original.commit);
  const row = Object.keys(original.env).length + 1;
  await click(page, 'Add environment variable');
  await fill(page, `Environment variable ${row} key`, 'DEBUG');
  await fill(page, `Environment variable ${row} value`, '1');
  await fake.clearRequests();
  await click(page, 'Create build');
  await expect
    .poll(() => texts(page, 'dialog [role=status]'), { timeout: 15_000 })
    .toEqual([expect.stringMatching(/Build #\d+ created/)]);
  const [rebuilt] = (await fake.requests({ operationName: 'BuildCreate' })) as { variables: any }[];
  expect(rebuilt!.variables.input).toMatchObject({ commit: original.commit, branch: original.branch });
  expect(rebuilt!.variables.input.env).toContain('DEBUG=1');
});

test('Firefox: cancel superseded cancels exactly the 3 older running builds; a build finished since the preview is skipped', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  const made = (await fake.preset('superseded-branch')) as Made[];
  const page = await openList(firefox, `/acme/web/builds?branch=${encodeURIComponent(BRANCH)}`);
  await click(page, 'Cancel superseded on this branch');
  await expect
    .poll(() => texts(page, '[data-kd=bulk-preview] li'), { timeout: 15_000 })
    .toEqual(
      [made[4]!, made[2]!, made[0]!].map((b) => `#${b.number}: cancel (running, superseded by #${made[5]!.number})`),
    );
  await fake.transitionBuild(made[0]!.id, { state: 'passed' });
  await click(page, 'Confirm: 3 builds');
  await expect.poll(() => progressStatus(page), { timeout: 15_000 }).toBe('Finished: 2 of 3 done.');
  const outcomes = await texts(page, '[data-kd=bulk-outcomes] li');
  expect(outcomes.find((t) => t.startsWith(`#${made[0]!.number}:`))).toContain(
    'skipped: already passed since the preview',
  );
  expect(outcomes.filter((t) => t.includes('canceled'))).toHaveLength(2);
  const [cancel] = (await fake.requests({ operationName: 'BulkCancel' })) as { variables: any }[];
  expect(Object.keys(cancel!.variables)).toHaveLength(2);
});

test('Firefox: pacing under a low budget shows the wait; Stop sends nothing more; no 429', async ({ firefox }) => {
  await saveToken(firefox, TOKENS.legacy);
  const made = (await fake.preset('superseded-branch')) as Made[];
  const page = await openList(firefox, `/acme/web/builds?branch=${encodeURIComponent(BRANCH)}`);
  for (const b of made.filter((x) => x.state === 'running'))
    await page.evaluate((n: number) => {
      const root = document.querySelector('kd-panel')!.shadowRoot!;
      const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.startsWith(`#${n} `))!;
      (root.getElementById(label.htmlFor) as HTMLInputElement).click();
    }, b.number);
  await fake.preset('low-budget', { limit: 6, windowMs: 60_000 });
  await fake.clearRequests();
  await click(page, 'Cancel selected');
  await click(page, 'Confirm: 4 builds');
  await expect.poll(() => progressStatus(page), { timeout: 15_000 }).toContain('leaving half of the organisation');
  const sentBeforeStop = (await fake.requests({ method: 'PUT' })).length;
  await click(page, 'Stop');
  await expect.poll(() => progressStatus(page), { timeout: 15_000 }).toBe(`Stopped: ${sentBeforeStop} of 4 done.`);
  expect(await fake.requests({ method: 'PUT' })).toHaveLength(sentBeforeStop);
  expect((await fake.requests({})).filter((r) => r.status === 429)).toEqual([]);
});

test('Firefox: the dashboard lists your builds across organisations, read only once the panel is expanded', async ({
  firefox,
}) => {
  await saveToken(firefox, TOKENS.full);
  await fake.clearRequests();
  const page = await firefox.openPage(`${FAKE_ORIGIN}/dashboard`, 'kd-panel');
  const expanded = () =>
    page.evaluate(() =>
      document
        .querySelector('kd-panel')
        ?.shadowRoot?.querySelector('[data-kd=launcher]')
        ?.getAttribute('aria-expanded'),
    );
  await expect.poll(expanded, { timeout: 15_000 }).toBe('false');
  expect(await fake.requests({ operationName: 'MyBuilds' })).toHaveLength(0);
  // Expanding writes nothing: a page click is enough.
  await page.evaluate(() =>
    document.querySelector('kd-panel')!.shadowRoot!.querySelector<HTMLButtonElement>('[data-kd=launcher]')!.click(),
  );
  const mine = (await fake.state()).builds.filter((b) => b.creatorId === USER.id);
  expect(new Set(mine.map((b) => b.org))).toEqual(new Set(['acme', 'globex']));
  await expect
    .poll(() => texts(page, '[data-kd=build-list] li label'), { timeout: 15_000 })
    .toEqual(
      expect.arrayContaining(
        mine.map((b) => expect.stringMatching(new RegExp(`^${b.org}/${b.pipeline} #${b.number} `))),
      ),
    );
  expect(await texts(page, '[data-kd=build-list] li')).toHaveLength(mine.length);
  expect(await fake.requests({ operationName: 'MyBuilds' })).toHaveLength(1);
  const buttons = await texts(page, '[data-kd=builds] button');
  expect(buttons).toContain('Cancel selected');
  expect(buttons).not.toContain('Cancel superseded on this branch');
});
