import { defineFeatureMeta } from '../define';

export default defineFeatureMeta({
  id: 'build-actions',
  title: 'Build actions',
  description: 'Rebuild, cancel, retry failed jobs, unblock, copy helpers.',
  pages: ['build'],
});
