import { defineFeatureMeta } from '../define';

/** What the content script needs (the words below stay out of its bundle). */
export const id = 'my-builds';
export const pages = ['dashboard'] as const;

export default /* @__PURE__ */ defineFeatureMeta({
  id,
  title: 'Your builds',
  description:
    'On the dashboard: your builds across organisations from the API, selectable, with cancel, retry failed jobs and rebuild on the selection.',
  pages,
});
