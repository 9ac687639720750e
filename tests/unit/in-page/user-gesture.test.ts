import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuildCapabilities, BuildView } from '@/lib/builds/model';
import { untrusted } from '../user-events';

const askBackground = vi.fn();
vi.mock('@/lib/in-page-messaging', () => ({ askBackground: (...args: unknown[]) => askBackground(...args) }));

const { buildActions } = await import('@/lib/features/build-actions');
const { buildPanel } = await import('@/lib/features/build-panel');
const { jobControls } = await import('@/lib/features/job-controls');
const { shortcuts } = await import('@/lib/features/shortcuts');
const { build, FULL, injectInPageUi } = await import('./fixtures');

const WRITES = ['rebuildBuild', 'cancelBuild', 'retryFailedJobs', 'retryJob', 'cancelJob', 'unblockJob'];
const context = { kind: 'build', org: 'acme', pipeline: 'web', buildNumber: 104, jobId: null, tab: null } as const;
let controller: AbortController;

async function start(view: BuildView = build(), capabilities: BuildCapabilities = FULL) {
  askBackground.mockImplementation((type: string) => {
    if (type === 'getBuild') return Promise.resolve({ ok: true, value: { build: view, capabilities } });
    if (type === 'findNewerBuild') return Promise.resolve({ ok: true, value: null });
    if (type === 'loadInPageUi') return injectInPageUi();
    if (type === 'rebuildBuild')
      return Promise.resolve({ ok: true, value: { number: 105, webUrl: 'https://buildkite.com/acme/web/builds/105' } });
    if (WRITES.includes(type)) return Promise.resolve({ ok: true, value: { build: view, retried: [] } });
    return Promise.resolve({ ok: true, value: { verdict: 'ok', summary: 'ok' } });
  });
  await injectInPageUi(); // as after the first use in this tab (the first use itself: 'loads the dialogs on first use')
  controller = new AbortController();
  for (const feature of [buildPanel, buildActions, jobControls, shortcuts])
    void feature.init(context, controller.signal);
  const root = document.querySelector('kd-panel')!.shadowRoot!;
  await vi.waitFor(() => expect(document.querySelector('kd-panel')?.getAttribute('data-kd-build')).toBe('ready'));
  // The launcher first; the panel's body (and its controls) is built on expand.
  root.querySelector<HTMLButtonElement>('[data-kd=launcher]')!.click();
  // Controls are painted in the next animation frame.
  await vi.waitFor(() => expect(buttonNamed(root, 'Unblock Deploy to staging?')).toBeTruthy());
  return root;
}

const buttonNamed = (root: ParentNode, name: string) =>
  [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name);
const writes = () => askBackground.mock.calls.filter(([type]) => WRITES.includes(type as string));
const pageClick = (el: Element) =>
  el.dispatchEvent(untrusted(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true })));
const pageKeys = (...keys: string[]) => {
  for (const key of keys) document.body.dispatchEvent(untrusted(new KeyboardEvent('keydown', { key, bubbles: true })));
};
const userKeys = (...keys: string[]) => {
  for (const key of keys) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
};

beforeEach(() => askBackground.mockReset());
afterEach(() => controller.abort());

describe('only the user’s gestures write', () => {
  it('a page script’s clicks on every write control send nothing', async () => {
    const root = await start();
    for (const name of ['Rebuild', 'Cancel build', 'Retry failed jobs', 'Unblock Deploy to staging?']) {
      pageClick(buttonNamed(root, name)!);
    }
    expect(root.querySelector('dialog')).toBeNull();
    // Even with the dialogs opened by the user, the page's clicks on their confirm buttons do nothing.
    buttonNamed(root, 'Cancel build')!.click();
    pageClick(buttonNamed(root.querySelector('dialog')!, 'Cancel build')!);
    root.querySelector('dialog')!.close();
    buttonNamed(root, 'Retry failed jobs')!.click();
    pageClick(root.querySelector('dialog')!.querySelector('button.kd-primary, button:last-of-type')!);
    for (const b of root.querySelector('dialog')!.querySelectorAll('button')) pageClick(b);
    root.querySelector('dialog')?.close();
    expect(writes()).toEqual([]);
  });

  it('a page script’s key presses for every write shortcut send nothing; the user’s do', async () => {
    const root = await start();
    pageKeys('r', 'b');
    pageKeys('c', 'b');
    pageKeys('r', 'f');
    pageKeys('u');
    expect(root.querySelector('dialog')).toBeNull();
    expect(writes()).toEqual([]);
    userKeys('r', 'b');
    const dialog = root.querySelector('dialog')!;
    expect(dialog.textContent).toContain('Rebuild #104?');
    pageClick(buttonNamed(dialog, 'Rebuild')!);
    expect(writes()).toEqual([]);
    buttonNamed(dialog, 'Rebuild')!.click();
    await vi.waitFor(() => expect(writes().map(([type]) => type)).toEqual(['rebuildBuild']));
  });

  it('the unblock form: the page filling it and calling requestSubmit() sends nothing; the user’s click does', async () => {
    const root = await start();
    buttonNamed(root, 'Unblock Deploy to staging?')!.click();
    const dialog = root.querySelector('dialog')!;
    dialog.querySelector<HTMLInputElement>('input[type=text]')!.value = 'pwned';
    dialog.querySelectorAll<HTMLInputElement>('input[type=checkbox]')[1]!.checked = true;
    const form = dialog.querySelector('form')!;
    form.requestSubmit();
    pageClick(form.querySelector('button[type=submit]')!);
    form.dispatchEvent(untrusted(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    form.requestSubmit();
    await Promise.resolve();
    expect(askBackground.mock.calls.filter(([t]) => t === 'findNewerBuild' || t === 'unblockJob')).toEqual([]);
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await vi.waitFor(() => expect(writes().map(([type]) => type)).toEqual(['unblockJob']));
  });
});
