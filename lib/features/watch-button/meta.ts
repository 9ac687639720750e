import { defineFeatureMeta } from '../define';

/** What the content script needs (the words below stay out of its bundle). */
export const id = 'watch-button';
export const pages = ['build'] as const;

export default /* @__PURE__ */ defineFeatureMeta({
  id,
  title: 'Watch button',
  description: '“Watch this build” in the panel: Kitedeck notifies you when the build needs you.',
  pages,
});
