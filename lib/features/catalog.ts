/**
 * The in-page features a user can switch off in the options page (settings.disabledFeatures). Pure data: the
 * options page imports it without pulling in-page code. A unit test checks it matches the content script's FEATURES.
 */
export const IN_PAGE_FEATURE_CATALOG: readonly { id: string; name: string; description: string }[] = [
  {
    id: 'build-panel',
    name: 'Panel',
    description: 'The Kitedeck panel on build pages: the page and the token’s status.',
  },
  {
    id: 'build-actions',
    name: 'Build actions',
    description: 'Rebuild, cancel, retry failed jobs, unblock, copy helpers.',
  },
  {
    id: 'job-controls',
    name: 'Job controls',
    description: 'Per job: retry, cancel, raw log, copy id (panel list and next to job links).',
  },
  { id: 'shortcuts', name: 'Keyboard shortcuts', description: 'r f, r b, c b, u and ? on build pages.' },
  {
    id: 'rebuild-with-changes',
    name: 'Rebuild with changes',
    description: 'On build pages: the new-build form prefilled from the build (env and meta-data editable).',
  },
  {
    id: 'pipeline-builds',
    name: 'Pipeline builds',
    description: 'On pipeline pages and build lists: the build list, new build (n b) and bulk actions.',
  },
];
