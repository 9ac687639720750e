import { defineFeatureMeta } from '../define';

export default defineFeatureMeta({
  id: 'rebuild-with-changes',
  title: 'Rebuild with changes',
  description: 'On build pages: the new-build form prefilled from the build (environment and meta-data editable).',
  pages: ['build'],
});
