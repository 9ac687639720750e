import { defineFeatureMeta } from '../define';

/** What the content script needs (the words below stay out of its bundle). */
export const id = 'job-controls';
export const pages = ['build'] as const;

export default /* @__PURE__ */ defineFeatureMeta({
  id,
  title: 'Job controls',
  description: 'Per job: retry, cancel, raw log, copy id (panel list and next to job links).',
  pages,
});
