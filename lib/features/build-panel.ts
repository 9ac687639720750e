import { askBackground } from '../in-page-messaging';
import { buildSession } from '../in-page/build-session';
import { pageViewOf } from '../in-page/page-view';
import { isBuildPage, type PageContext } from '../pages';
import type { InPageFeature } from './types';

/** The foundation's panel on build pages: the parsed page context and the token's status (never the token). */
export const buildPanel: InPageFeature = {
  id: 'build-panel',
  include: isBuildPage,
  async init(context: PageContext, signal: AbortSignal) {
    if (!isBuildPage(context)) return;
    const { panel } = buildSession(
      { org: context.org, pipeline: context.pipeline, number: context.buildNumber },
      signal,
    );
    panel.setRows([
      ['Org', context.org],
      ['Pipeline', context.pipeline],
      ['Build', `#${context.buildNumber}`],
      ['Job', context.jobId ?? '—'],
    ]);
    const view = pageViewOf(signal);
    const reply = view ? ({ ok: true, value: view.token } as const) : await askBackground('getTokenStatus');
    if (signal.aborted) return;
    if (reply.ok) panel.setStatus(reply.value.verdict, reply.value.summary);
    else panel.setStatus('error', `${reply.error.title}. ${reply.error.action}`);
  },
};
