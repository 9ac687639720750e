import { defineFeatureMeta } from '../define';

/** What the content script needs (the words below stay out of its bundle). */
export const id = 'why-failed';
export const pages = ['build'] as const;

export default /* @__PURE__ */ defineFeatureMeta({
  id,
  title: 'Why did it fail?',
  description:
    '“Why did it fail?” in the panel of a failed or failing build: opens Kitedeck’s failure digest, log search and downloads.',
  pages,
});
