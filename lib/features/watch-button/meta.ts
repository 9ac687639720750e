import { defineFeatureMeta } from '../define';

export default defineFeatureMeta({
  id: 'watch-button',
  title: 'Watch button',
  description: '“Watch this build” in the panel: Kitedeck notifies you when the build needs you.',
  pages: ['build'],
});
