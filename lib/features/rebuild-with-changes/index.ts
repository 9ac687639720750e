import type { KdError } from '../../errors';
import { askBackground } from '../../in-page-messaging';
import { buildSession } from '../../in-page/build-session';
import { button, h } from '../../in-page/dom';
import { loadInPageUi } from '../../in-page/on-demand';
import { defineFeature } from '../define';
import { id, pages } from './meta';

/**
 * "Rebuild with changes" on build pages: the new-build form prefilled from this build (same commit and branch,
 * its environment and meta-data editable). Buildkite's own rebuild cannot change anything. Reads on click only.
 */
export default defineFeature({
  id,
  pages,
  init(context, signal) {
    const ref = { org: context.org, pipeline: context.pipeline, number: context.buildNumber };
    const session = buildSession(ref, signal);
    const note = h('p', { class: 'kd-feedback', role: 'status' });
    const open = button('Rebuild with changes', (event) => {
      const opener = event.currentTarget as HTMLButtonElement;
      opener.disabled = true;
      note.textContent = 'Reading the build…';
      // The build's inputs and the form's code (on first use) at once.
      void Promise.all([askBackground('getBuildInputs', ref), loadInPageUi()]).then(([reply, ui]) => {
        opener.disabled = false;
        if (signal.aborted) return;
        const failed = (error: KdError) => {
          note.dataset.state = 'error';
          note.textContent = `${error.title}. ${error.action}`;
        };
        if (!reply.ok) return failed(reply.error);
        if (!ui.ok) return failed(ui.error);
        note.textContent = '';
        const inputs = reply.value;
        ui.value.openNewBuildDialog(
          session.panel.root,
          {
            org: ref.org,
            pipeline: ref.pipeline,
            pipelineGraphqlId: inputs.pipelineGraphqlId,
            defaultBranch: inputs.defaultBranch,
            recentBranches: [inputs.branch],
          },
          signal,
          { title: `Rebuild #${ref.number} with changes`, prefill: ui.value.formFromBuild(inputs), opener },
        );
      });
    });
    const section = h('div', { class: 'kd-buttons', 'data-kd': 'rebuild-with-changes', hidden: true }, open, note);
    session.panel.onBuild(15, (body) => body.append(section));
    // Offered only where a write is possible: not in read-only mode, not with a token that cannot write builds.
    session.store.subscribe(() => {
      const capabilities = session.store.data?.capabilities;
      section.hidden = !capabilities || capabilities.readOnlyMode || !capabilities.canWrite;
    }, signal);
    signal.addEventListener('abort', () => section.remove(), { once: true });
  },
});
