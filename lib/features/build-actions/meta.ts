import { defineFeatureMeta } from '../define';

/** What the content script needs (the words below stay out of its bundle). */
export const id = 'build-actions';
export const pages = ['build'] as const;

export default /* @__PURE__ */ defineFeatureMeta({
  id,
  title: 'Build actions',
  description: 'Rebuild, cancel, retry failed jobs, unblock, copy helpers.',
  pages,
});
