/**
 * The palette on Buildkite pages. At start only a keydown listener (and a runtime message listener for the
 * browser's keyboard command) exists; the UI is created on first open. Only the user's real key presses open it
 * (`event.isTrusted`): a page can dispatch a Ctrl+K, and it opens nothing. In-context actions call the same
 * in-page commands and background messages as the panel.
 */
import { browser } from 'wxt/browser';
import { WEB_ORIGINS } from '../config';
import { askBackground } from '../in-page-messaging';
import { buildSession } from '../in-page/build-session';
import { bkCommand, curlCommand, writeClipboard } from '../in-page/copy-text';
import { loadInPageUi, withSessionUi } from '../in-page/on-demand';
import { openOfferedNewBuild } from '../in-page/pipelines/new-build-entry';
import { showInPageNotice } from '../in-page/notice';
import { parseInPageUrl } from '../in-page/page-context';
import { buildPageUrl, type PageContext } from '../pages';
import type { PaletteActionId } from './model';
import { OPEN_PALETTE_MESSAGE } from './command';
import type { PaletteUi } from './ui/palette';

/** Is this key press the palette's shortcut (Ctrl+K, or ⌘K on a Mac), pressed by the user? */
export function isPaletteKey(event: KeyboardEvent): boolean {
  return (
    event.isTrusted &&
    (event.key === 'k' || event.key === 'K') &&
    (event.ctrlKey || event.metaKey) &&
    !event.altKey &&
    !event.shiftKey
  );
}

/** The fake Buildkite of the e2e build serves pages on its own origin: keep navigation on the page's origin. */
function onThisOrigin(url: string): string {
  if (location.origin === 'https://buildkite.com' || !WEB_ORIGINS.includes(location.origin)) return url;
  return url.startsWith('https://buildkite.com/') ? location.origin + url.slice('https://buildkite.com'.length) : url;
}

/**
 * Installs the shortcut. `pageSignal` is the current page view's signal (the build session of the panel's
 * features is keyed by it, so a palette action shares the panel's build and dialogs).
 */
export function installPalette(pageSignal: () => AbortSignal | null, signal: AbortSignal): void {
  let ui: PaletteUi | null = null;
  let loading: Promise<PaletteUi | null> | null = null;
  const open = () => {
    // The palette's UI and its port session are on-demand code (lib/in-page/on-demand.ts), loaded on first open.
    loading ??= loadInPageUi().then((reply) => {
      if (!reply.ok) {
        loading = null; // the next Ctrl+K tries again
        showInPageNotice('Kitedeck could not open the command palette', `${reply.error.title}. ${reply.error.action}`);
        return null;
      }
      const session = reply.value.paletteSession();
      return reply.value.createPalette(
        {
          pageUrl: () => location.href,
          search: (query, pageUrl) => session.search(query, pageUrl),
          closed: () => session.end(),
          opened: (id) => void askBackground('paletteOpened', { id }).catch(() => undefined),
          navigate: (url, newTab) => {
            const target = onThisOrigin(url);
            if (newTab) window.open(target, '_blank', 'noopener');
            else location.assign(target);
          },
          runAction: (action) => runAction(action, pageSignal),
        },
        document.documentElement,
      );
    });
    void loading.then((created) => {
      if (!created) return;
      ui = created;
      if (!signal.aborted) created.open();
    });
  };
  document.addEventListener(
    'keydown',
    (event) => {
      if (!isPaletteKey(event)) return;
      event.preventDefault();
      event.stopPropagation();
      if (ui?.isOpen) ui.close();
      else open();
    },
    { capture: true, signal },
  );
  const onMessage = (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type === OPEN_PALETTE_MESSAGE) open();
  };
  browser.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => {
    browser.runtime.onMessage.removeListener(onMessage);
    ui?.close();
  });
}

const FAILED = new Set(['failed', 'failing']);

/**
 * "New build" on a build page (no pipeline-builds panel there): the same form in the build's panel, for its
 * pipeline, empty but for the default branch (`getBuildInputs` brings the pipeline's id and default branch).
 */
async function newBuildOnBuildPage(page: PageContext, pageSignal: () => AbortSignal | null): Promise<string | null> {
  const signal = pageSignal();
  if (page.kind !== 'build') return 'Open the pipeline’s page to start a build there.';
  if (!signal || signal.aborted) return 'Reload the page to use this action.';
  const ref = { org: page.org, pipeline: page.pipeline, number: page.buildNumber };
  const [reply, code] = await Promise.all([askBackground('getBuildInputs', ref), loadInPageUi()]);
  if (!reply.ok) return `${reply.error.title}. ${reply.error.action}`;
  if (!code.ok) return `${code.error.title}. ${code.error.action}`;
  const session = buildSession(ref, signal);
  session.panel.expand();
  queueMicrotask(() =>
    code.value.openNewBuildDialog(
      session.panel.root,
      {
        org: ref.org,
        pipeline: ref.pipeline,
        pipelineGraphqlId: reply.value.pipelineGraphqlId,
        defaultBranch: reply.value.defaultBranch,
        recentBranches: [reply.value.branch],
      },
      signal,
    ),
  );
  return null;
}

async function runAction(action: PaletteActionId, pageSignal: () => AbortSignal | null): Promise<string | null> {
  const page = parseInPageUrl(location.href, WEB_ORIGINS);
  switch (action) {
    case 'open-console':
    case 'open-webhook-lab':
    case 'open-options':
    case 'open-token-health': {
      const reply = await askBackground('paletteOpenPage', { page: action.slice('open-'.length) as never });
      return reply.ok ? null : reply.error.title;
    }
    case 'refresh-index': {
      const reply = await askBackground('paletteRefresh');
      return reply.ok ? 'Indexing every pipeline again…' : reply.error.title;
    }
    case 'branch-builds':
      return 'Type >branch and the branch name, e.g. >branch main';
    case 'new-build':
      if (!openOfferedNewBuild()) return newBuildOnBuildPage(page, pageSignal);
      return null;
    default:
      break;
  }
  if (page.kind !== 'build') return 'This action needs a build page.';
  const ref = { org: page.org, pipeline: page.pipeline, number: page.buildNumber };
  const view = {
    org: ref.org,
    pipeline: { slug: ref.pipeline, name: ref.pipeline, graphqlId: null },
    number: ref.number,
  };
  const url = buildPageUrl(ref.org, ref.pipeline, ref.number);
  const copy = async (text: string, what: string) =>
    (await writeClipboard(text)) ? `Copied ${what}.` : 'The page did not allow copying.';
  switch (action) {
    case 'copy-url':
      return copy(url, 'the build URL');
    case 'copy-number':
      return copy(String(ref.number), `#${ref.number}`);
    case 'copy-bk':
      return copy(bkCommand(view), 'the bk command');
    case 'copy-curl':
      return copy(curlCommand(view), 'the curl command');
    case 'watch': {
      const reply = await askBackground('watchBuild', ref);
      return reply.ok
        ? `Watching ${ref.org}/${ref.pipeline} #${ref.number}: you will be told when it changes.`
        : reply.error.title;
    }
    default:
      break;
  }
  const signal = pageSignal();
  if (!signal || signal.aborted) return 'Reload the page to use this action.';
  const session = buildSession(ref, signal);
  if (!session.store.data) await session.store.refresh();
  if (action === 'failure-digest') {
    const state = session.store.data?.build.state;
    if (state && !FAILED.has(state)) return `This build has not failed (it is ${state}): there is no failure digest.`;
    const reply = await askBackground('openFailureDigest', ref);
    return reply.ok ? null : `${reply.error.title}. ${reply.error.action}`;
  }
  // Close first: the panel's dialog (preview, confirmation, form) then takes the focus, and the panel reports.
  queueMicrotask(() => {
    withSessionUi(session, (code) => {
      if (action === 'rebuild') code.rebuild(session, null);
      else if (action === 'retry-failed') code.retryFailed(session, null);
      else if (action === 'cancel') code.confirmCancelBuild(session, null);
      else if (action === 'unblock') code.unblock(session, null, undefined, page.jobId);
    });
  });
  return null;
}
