import { defineFeatureMeta } from '../define';

/** What the content script needs (the words below stay out of its bundle). */
export const id = 'pipeline-builds';
export const pages = ['pipeline', 'builds', 'new-build'] as const;

export default /* @__PURE__ */ defineFeatureMeta({
  id,
  title: 'Pipeline builds',
  description:
    'On pipeline pages and build lists: the builds from the API, new build (n b) and bulk actions with a preview.',
  pages,
});
