import { defineFeature } from '../define';
import meta from './meta';
import { askBackground } from '../../in-page-messaging';
import { buildSession } from '../../in-page/build-session';

/** The foundation's panel on build pages: the parsed page context and the token's status (never the token). */
export const buildPanel = defineFeature({
  ...meta,
  async init(context, signal) {
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
    const reply = await askBackground('getTokenStatus');
    if (signal.aborted) return;
    if (reply.ok) panel.setStatus(reply.value.verdict, reply.value.summary);
    else panel.setStatus('error', `${reply.error.title}. ${reply.error.action}`);
  },
});

export default buildPanel;
