import { defineFeatureMeta } from '../define';

export default defineFeatureMeta({
  id: 'build-panel',
  title: 'Panel',
  description: 'The Kitedeck panel on build pages: the page and the token’s status.',
  pages: ['build'],
});
