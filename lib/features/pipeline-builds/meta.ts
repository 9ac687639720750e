import { defineFeatureMeta } from '../define';

export default defineFeatureMeta({
  id: 'pipeline-builds',
  title: 'Pipeline builds',
  description:
    'On pipeline pages and build lists: the builds from the API, new build (n b) and bulk actions with a preview.',
  pages: ['pipeline', 'builds', 'new-build'],
});
