import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IN_PAGE_KINDS } from '@/lib/in-page/page-context';
import type { BuildCapabilities, BuildView } from '@/lib/builds/model';

const askBackground = vi.fn();
vi.mock('@/lib/in-page-messaging', () => ({ askBackground: (...args: unknown[]) => askBackground(...args) }));

const { buildActions } = await import('@/lib/features/build-actions');
const { buildPanel } = await import('@/lib/features/build-panel');
const { jobControls } = await import('@/lib/features/job-controls');
const { shortcuts } = await import('@/lib/features/shortcuts');
const { FEATURE_CATALOG } = await import('@/lib/features/catalog');
const { FEATURES } = await import('@/lib/features/registry');
const { build, FULL, injectInPageUi, job, READ_ONLY_TOKEN, uuid } = await import('./fixtures');
const { setPageView } = await import('@/lib/in-page/page-view');
const { watchButton } = await import('@/lib/features/watch-button');

const context = { kind: 'build', org: 'acme', pipeline: 'web', buildNumber: 104, jobId: null, tab: null } as const;
let controller: AbortController;

function answer(
  view: BuildView,
  capabilities: BuildCapabilities,
  extra: Record<string, (data: never) => unknown> = {},
) {
  const route = (type: string, data: never): unknown => {
    if (type === 'getBuild') return { ok: true, value: { build: view, capabilities } };
    if (type === 'getTokenStatus') return { ok: true, value: { verdict: 'ok', summary: 'Token works.' } };
    if (type === 'loadInPageUi') return injectInPageUi();
    if (type in extra) return extra[type]!(data);
    return { ok: false, error: { kind: 'server', title: 'Unexpected', detail: type, action: 'none' } };
  };
  askBackground.mockImplementation((type: string, data: never) => Promise.resolve(route(type, data)));
}

async function start(view: BuildView = build(), capabilities: BuildCapabilities = FULL, extra = {}) {
  answer(view, capabilities, extra);
  await injectInPageUi(); // as after the first use in this tab (the first use itself: 'loads the dialogs on first use')
  controller = new AbortController();
  for (const feature of [buildPanel, buildActions, jobControls, shortcuts])
    void feature.init(context, controller.signal);
  const root = document.querySelector('kd-panel')!.shadowRoot!;
  await vi.waitFor(() => expect(document.querySelector('kd-panel')?.getAttribute('data-kd-build')).toBe('ready'));
  // The launcher first; the panel's body is built on expand.
  root.querySelector<HTMLButtonElement>('[data-kd=launcher]')!.click();
  await nextFrame();
  return root;
}

const buttonNamed = (root: ParentNode, name: string) =>
  [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name);
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
const calls = (type: string) => askBackground.mock.calls.filter(([t]) => t === type);

beforeEach(() => askBackground.mockReset());
afterEach(() => controller.abort());

describe('quick actions in the panel', () => {
  it('offers the build actions and one getBuild per page view', async () => {
    const root = await start();
    for (const name of ['Rebuild', 'Cancel build', 'Retry failed jobs', 'Unblock Deploy to staging?']) {
      expect(buttonNamed(root, name)?.hidden, name).toBe(false);
    }
    expect(calls('getBuild')).toHaveLength(1);
    expect(document.querySelectorAll('kd-panel')).toHaveLength(1);
  });

  it('with the start-up page view, the features ask the background nothing more', async () => {
    controller = new AbortController();
    setPageView(controller.signal, {
      disabledFeatures: [],
      readOnly: false,
      token: { verdict: 'ok', summary: 'Token works.', scopes: [], checkedAt: 1 },
      build: { ok: true, value: { build: build(), capabilities: FULL } },
      watch: { watched: true, state: null, end: null },
      panel: { expanded: true, dock: 'right' },
    });
    for (const feature of [buildPanel, buildActions, jobControls, watchButton, shortcuts])
      void feature.init(context, controller.signal);
    await vi.waitFor(() => expect(document.querySelector('kd-panel')?.getAttribute('data-kd-build')).toBe('ready'));
    const root = document.querySelector('kd-panel')!.shadowRoot!;
    await vi.waitFor(() => expect(buttonNamed(root, 'Unwatch this build')).toBeTruthy());
    expect(askBackground).not.toHaveBeenCalled();
  });

  it('read-only mode hides every write control', async () => {
    const root = await start(build(), { ...FULL, readOnlyMode: true });
    expect(buttonNamed(root, 'Rebuild')?.hidden).toBe(true);
    expect(buttonNamed(root, 'Cancel build')?.hidden).toBe(true);
    expect(buttonNamed(root, 'Retry failed jobs')?.hidden).toBe(true);
    expect(buttonNamed(root, 'Unblock Deploy to staging?')).toBeUndefined();
  });

  it('a token without write_builds disables the controls and says why', async () => {
    const root = await start(build(), READ_ONLY_TOKEN);
    const rebuild = buttonNamed(root, 'Rebuild')!;
    expect(rebuild.disabled).toBe(true);
    const reason = root.getElementById(rebuild.getAttribute('aria-describedby')!)!;
    expect(reason.textContent).toContain('write_builds');
    expect(reason.textContent).toContain('popup');
  });

  it('a double click sends once', async () => {
    let release: (v: unknown) => void = () => {};
    const root = await start(build(), FULL, {
      rebuildBuild: () => new Promise((resolve) => (release = resolve)),
    });
    const rebuild = buttonNamed(root, 'Rebuild')!;
    rebuild.click();
    rebuild.click();
    expect(calls('rebuildBuild')).toHaveLength(1);
    release({ ok: true, value: { number: 106, webUrl: 'https://buildkite.com/acme/web/builds/106' } });
    const feedback = root.querySelector('[data-kd=feedback]')!;
    await vi.waitFor(() => expect(feedback.textContent).toBe('Rebuilt as #106.'));
    expect(calls('getBuild').at(-1)?.[1]).toMatchObject({ fresh: true });
  });

  it('shows a failure in the error vocabulary', async () => {
    const root = await start(build(), FULL, {
      rebuildBuild: () => ({
        ok: false,
        error: { kind: 'rejected', title: 'Buildkite refused', detail: 'No.', action: 'Reload.' },
      }),
    });
    buttonNamed(root, 'Rebuild')!.click();
    const feedback = root.querySelector('[data-kd=feedback]')!;
    await vi.waitFor(() => expect(feedback.textContent).toBe('Buildkite refused. No. Reload.'));
  });

  it('unblock validates required fields, warns about a newer build, then sends the fields', async () => {
    const root = await start(build(), FULL, {
      findNewerBuild: () => ({
        ok: true,
        value: { number: 110, webUrl: 'https://buildkite.com/acme/web/builds/110', state: 'running' },
      }),
      unblockJob: () => ({ ok: true, value: { build: build({ state: 'running' }) } }),
    });
    buttonNamed(root, 'Unblock Deploy to staging?')!.click();
    const dialog = root.querySelector('dialog')!;
    const submit = () => dialog.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    submit();
    expect(dialog.textContent).toContain('Release name is required.');
    expect(calls('findNewerBuild')).toHaveLength(0);
    const input = dialog.querySelector<HTMLInputElement>('input[type=text]')!;
    input.value = 'v2.5';
    dialog.querySelectorAll<HTMLInputElement>('input[type=checkbox]')[1]!.checked = true;
    submit();
    await vi.waitFor(() => expect(dialog.textContent).toContain('A newer build exists on feature/login: #110'));
    expect(calls('unblockJob')).toHaveLength(0);
    expect(dialog.querySelector('button[type=submit]')!.textContent).toBe('Unblock anyway');
    submit();
    await vi.waitFor(() => expect(calls('unblockJob')).toHaveLength(1));
    expect(calls('unblockJob')[0]![1]).toEqual({
      org: 'acme',
      pipeline: 'web',
      number: 104,
      jobId: build().jobs[3]!.id,
      fields: { 'release-name': 'v2.5', environment: 'staging', regions: ['eu-west'] },
    });
  });

  it('a long option list gets a filter; unknown fields get a key/value editor', async () => {
    const options = Array.from({ length: 12 }, (_, i) => ({ label: `Region ${i + 1}`, value: `r${i + 1}` }));
    const blocks = [
      job({
        id: uuid(7),
        type: 'block',
        label: 'Pick',
        state: 'blocked',
        unblockable: true,
        fields: [
          {
            key: 'region',
            kind: 'select',
            label: 'Region',
            hint: null,
            required: true,
            default: null,
            multiple: false,
            options,
          },
        ],
      }),
      job({ id: uuid(8), type: 'block', label: 'Free', state: 'blocked', unblockable: true, fields: null }),
    ];
    const root = await start(build({ jobs: blocks }), FULL, {
      findNewerBuild: () => ({ ok: true, value: null }),
      unblockJob: () => ({ ok: true, value: { build: build({ jobs: [] }) } }),
    });
    buttonNamed(root, 'Unblock Pick')!.click();
    let dialog = root.querySelector('dialog')!;
    const filter = dialog.querySelector<HTMLInputElement>('input[aria-label="Filter Region options"]')!;
    filter.value = 'region 1';
    filter.dispatchEvent(new Event('input'));
    const visible = [...dialog.querySelectorAll('option')].filter((o) => o.value && !o.hidden).map((o) => o.value);
    expect(visible).toEqual(['r1', 'r10', 'r11', 'r12']);
    buttonNamed(dialog, 'Cancel')!.click();

    buttonNamed(root, 'Unblock Free')!.click();
    dialog = root.querySelector('dialog')!;
    dialog.querySelector<HTMLInputElement>('input[aria-label="Field 1 key"]')!.value = 'bad key';
    dialog.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    expect(dialog.textContent).toContain('Keys use letters, digits');
    dialog.querySelector<HTMLInputElement>('input[aria-label="Field 1 key"]')!.value = 'notes';
    dialog.querySelector<HTMLInputElement>('input[aria-label="Field 1 value"]')!.value = 'ship it';
    dialog.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await vi.waitFor(() => expect(calls('unblockJob')).toHaveLength(1));
    expect(calls('unblockJob')[0]![1]).toMatchObject({ jobId: uuid(8), fields: { notes: 'ship it' } });
  });

  it('r then f opens the retry preview; typing in a field does not', async () => {
    const root = await start();
    const input = document.createElement('input');
    document.body.append(input);
    for (const key of ['r', 'f'])
      input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    expect(root.querySelector('dialog')).toBeNull();
    for (const key of ['r', 'f']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    const dialog = root.querySelector('dialog')!;
    expect(dialog.textContent).toContain('Will retry (1)');
    expect(dialog.querySelector('ul[aria-label="Jobs that will be retried"]')!.textContent).toBe('Unit');
    input.remove();
  });

  it('navigation aborts: the panel goes and nothing is left behind', async () => {
    await start();
    controller.abort();
    expect(document.querySelectorAll('kd-panel')).toHaveLength(0);
    expect(document.querySelectorAll('[data-kd=job-inline]')).toHaveLength(0);
  });

  it('every feature the content script runs is in the options catalog, with the same meta', () => {
    const folders = Object.keys(import.meta.glob('@/lib/features/*/index.ts')).map((path) => path.split('/').at(-2));
    expect(FEATURES.map((f) => f.id)).toEqual([...folders].sort());
    // The content script carries only id and pages (the catalog's words stay out of its bundle).
    expect(FEATURE_CATALOG.map(({ id, pages }) => ({ id, pages }))).toEqual(
      FEATURES.map(({ id, pages }) => ({ id, pages })),
    );
    // The content script parses URLs with its own cut of the router: a feature's page kinds must be among its kinds.
    for (const feature of FEATURES) {
      for (const kind of feature.pages) expect(IN_PAGE_KINDS as readonly string[], feature.id).toContain(kind);
    }
    for (const meta of FEATURE_CATALOG) {
      expect(meta.title, meta.id).not.toBe('');
      expect(meta.description, meta.id).not.toBe('');
      expect(meta.pages.length, meta.id).toBeGreaterThan(0);
    }
  });
});
