import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BuildCapabilities, BuildView } from '@/lib/builds/model';

/** The panel as an integration: a launcher first, the panel built on expand, actions only when they apply. */
const askBackground = vi.fn();
vi.mock('@/lib/in-page-messaging', () => ({ askBackground: (...args: unknown[]) => askBackground(...args) }));

const { buildActions } = await import('@/lib/features/build-actions');
const { buildPanel } = await import('@/lib/features/build-panel');
const { jobControls } = await import('@/lib/features/job-controls');
const { shortcuts } = await import('@/lib/features/shortcuts');
const { setPageView } = await import('@/lib/in-page/page-view');
const { build, FULL, job, uuid } = await import('./fixtures');

const context = { kind: 'build', org: 'acme', pipeline: 'web', buildNumber: 104, jobId: null, tab: null } as const;
let controller: AbortController;
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

async function start(view: BuildView, capabilities: BuildCapabilities = FULL, expanded = false, verdict = 'ok') {
  askBackground.mockImplementation(() => Promise.resolve({ ok: true, value: { expanded, dock: 'right' } }));
  controller = new AbortController();
  setPageView(controller.signal, {
    disabledFeatures: [],
    readOnly: capabilities.readOnlyMode,
    token: {
      verdict: verdict as 'ok',
      summary: verdict === 'ok' ? 'Token works.' : 'Token expired.',
      scopes: [],
      checkedAt: 1,
    },
    build: { ok: true, value: { build: view, capabilities } },
    watch: null,
    panel: { expanded, dock: 'right' },
  });
  for (const feature of [buildPanel, buildActions, jobControls, shortcuts])
    void feature.init(context, controller.signal);
  await vi.waitFor(() => expect(document.querySelector('kd-panel')?.getAttribute('data-kd-build')).toBe('ready'));
  await nextFrame();
  return document.querySelector('kd-panel')!.shadowRoot!;
}
const byName = (root: ParentNode, name: string) =>
  [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name);

beforeEach(() => askBackground.mockReset());
afterEach(() => controller.abort());

describe('launcher', () => {
  it('starts collapsed: only the launcher and its quick action exist, no panel body', async () => {
    const root = await start(build());
    const launcher = root.querySelector('[data-kd=launcher]')!;
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
    expect(launcher.textContent).toBe('#104 · 1 failed');
    expect(byName(root, 'Retry failed jobs (preview)')?.textContent).toBe('Retry');
    expect(root.querySelector('.kd-panel')).toBeNull();
    expect(root.querySelectorAll('section[aria-label="Build actions"]')).toHaveLength(0);
  });

  it('expands into the panel on click, remembers it, and collapses back', async () => {
    const root = await start(build());
    (root.querySelector('[data-kd=launcher]') as HTMLButtonElement).click();
    await nextFrame();
    expect(root.querySelector('.kd-panel')?.hasAttribute('hidden')).toBe(false);
    expect(askBackground).toHaveBeenCalledWith('setPanelState', { expanded: true, dock: 'right' });
    expect(root.querySelector('[data-kd=build-state]')?.textContent).toBe('failing');
    byName(root, 'Collapse Kitedeck panel')!.click();
    expect(askBackground).toHaveBeenLastCalledWith('setPanelState', { expanded: false, dock: 'right' });
    expect(root.querySelector('[data-kd=launcher]')?.getAttribute('aria-expanded')).toBe('false');
  });

  it('a passed build offers no "Retry failed jobs"', async () => {
    const passed = build({ state: 'passed', jobs: [job({ id: uuid(1), label: 'Lint' })] });
    const root = await start(passed, FULL, true);
    expect(root.querySelector('[data-kd=launcher]')?.textContent).toBe('#104 · passed');
    expect(byName(root, 'Retry failed jobs')?.hidden ?? true).toBe(true);
    expect(root.querySelector('[data-kd=quick-action]')).toBeNull();
  });

  it('a blocked build reads "blocked" and offers Unblock', async () => {
    const blocked = build({ state: 'passed', blocked: true });
    blocked.jobs = blocked.jobs.filter((j) => j.state !== 'failed' && j.state !== 'running');
    const root = await start(blocked, FULL, true);
    expect(root.querySelector('[data-kd=build-state]')?.textContent).toBe('blocked');
    expect(root.querySelector('[data-kd=build-summary]')?.textContent).toMatch(/^#104 blocked/);
    expect(byName(root, 'Unblock (open the form)')?.textContent).toBe('Unblock');
  });

  it('read-only mode shows a "Read-only" chip; the token line shows only when something is wrong', async () => {
    let root = await start(build(), { ...FULL, readOnlyMode: true }, true);
    expect(root.querySelector('[data-kd=read-only]')?.hasAttribute('hidden')).toBe(false);
    expect(root.querySelector('[data-kd=token-status]')?.hasAttribute('hidden')).toBe(true);
    controller.abort();
    root = await start(build(), FULL, true, 'expired');
    expect(root.querySelector('[data-kd=read-only]')?.hasAttribute('hidden')).toBe(true);
    expect(root.querySelector('[data-kd=token-status]')?.textContent).toBe('Token expired.');
  });

  it('g k focuses the launcher', async () => {
    const root = await start(build());
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'g' }));
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'k' }));
    expect(root.activeElement?.getAttribute('data-kd')).toBe('launcher');
  });
});

describe('mounting over a stale panel', () => {
  it('removes a panel left before <main> or in <body>, and nothing else', async () => {
    const { mountPanel } = await import('@/lib/in-page/panel');
    document.body.innerHTML =
      '<header></header><kd-panel id="before-main"></kd-panel><main><kd-panel id="page-owned"></kd-panel></main>';
    document.body.append(Object.assign(document.createElement('kd-panel'), { id: 'in-body' }));
    const panel = mountPanel({ expanded: false, dock: 'right' }, () => {});
    expect(document.getElementById('before-main')).toBeNull();
    expect(document.getElementById('in-body')).toBeNull();
    // Not a place Kitedeck mounts: left alone (a page's own element of that name is not ours to remove).
    expect(document.getElementById('page-owned')).not.toBeNull();
    expect(document.querySelector('main')?.previousElementSibling).toBe(panel.host);
    panel.destroy();
    document.body.innerHTML = '';
  });
});
