import { defineFeature } from '../define';
import { id, pages } from './meta';
import { askBackground } from '../../in-page-messaging';
import { buildSession } from '../../in-page/build-session';
import { launcherText, stateWord } from '../../in-page/build-summary';
import { pageViewOf } from '../../in-page/page-view';

/**
 * The panel on build pages: the launcher's summary (build number, state, failures), the state chip, the token line
 * when something is wrong with the token (never the token), and the "Read-only" chip.
 */
export const buildPanel = defineFeature({
  id,
  pages,
  async init(context, signal) {
    const session = buildSession({ org: context.org, pipeline: context.pipeline, number: context.buildNumber }, signal);
    const { panel } = session;
    panel.setSummary({ text: `#${context.buildNumber}`, state: 'scheduled', chip: '' });
    let tokenOk = true;
    session.store.subscribe(() => {
      const { data, error } = session.store;
      if (data) {
        const word = stateWord(data.build);
        panel.setSummary({ text: launcherText(data.build), state: word, chip: word.replace(/_/g, ' ') });
        panel.setReadOnly(data.capabilities.readOnlyMode);
      } else if (error) {
        panel.setSummary({
          text: `#${context.buildNumber} · ${tokenOk ? 'not loaded' : 'token problem'}`,
          state: 'failed',
          chip: '',
        });
      }
    }, signal);
    const view = pageViewOf(signal);
    if (view) panel.setReadOnly(view.readOnly);
    const reply = view ? ({ ok: true, value: view.token } as const) : await askBackground('getTokenStatus');
    if (signal.aborted) return;
    if (reply.ok) {
      tokenOk = reply.value.verdict === 'ok';
      panel.setStatus(reply.value.verdict, reply.value.summary);
    } else panel.setStatus('error', `${reply.error.title}. ${reply.error.action}`);
  },
});

export default buildPanel;
