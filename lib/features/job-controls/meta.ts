import { defineFeatureMeta } from '../define';

export default defineFeatureMeta({
  id: 'job-controls',
  title: 'Job controls',
  description: 'Per job: retry, cancel, raw log, copy id (panel list and next to job links).',
  pages: ['build'],
});
