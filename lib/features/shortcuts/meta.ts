import { defineFeatureMeta } from '../define';

export default defineFeatureMeta({
  id: 'shortcuts',
  title: 'Keyboard shortcuts',
  description: 'r f, r b, c b, u and ? on build pages.',
  pages: ['build'],
});
