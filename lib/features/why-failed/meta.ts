import { defineFeatureMeta } from '../define';

export default defineFeatureMeta({
  id: 'why-failed',
  title: 'Why did it fail?',
  description:
    '“Why did it fail?” in the panel of a failed or failing build: opens Kitedeck’s failure digest, log search and downloads.',
  pages: ['build'],
});
