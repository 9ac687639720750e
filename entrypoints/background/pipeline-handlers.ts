import { lowBudgets, rateBudgetItem } from '@/lib/buildkite/rate-limit';
import { bulkStatus, previewBulk, startBulk, stopBulk } from '@/lib/bulk/service';
import { KdFailure } from '@/lib/errors';
import { createBuild, listBuilds, readBuildInputs } from '@/lib/pipelines/api';
import { hasErrors, validateForm } from '@/lib/pipelines/new-build';
import { credentials } from '@/lib/token/service';
import { handle } from './handle';

/** Build lists, new builds and bulk actions. Writes declare `write_builds` in the protocol: handle() checks read-only mode and the scope first; each is sent once. */
export function registerPipelineHandlers(): void {
  handle('listBuilds', async (query) => listBuilds(await credentials(), query));
  handle('getBuildInputs', async (ref) => readBuildInputs(await credentials(), ref));
  handle('createBuild', async (input) => {
    const problems = validateForm(input.form).filter((problem) => problem.level === 'error');
    if (hasErrors(problems))
      throw new KdFailure({
        kind: 'bad-message',
        title: 'The form has errors',
        detail: problems.map((problem) => `${problem.field}: ${problem.message}`).join(' '),
        action: 'Fix the fields marked in the form.',
      });
    return createBuild(await credentials(), input, input.form);
  });
  handle('previewBulk', async (input) => previewBulk(await credentials(), input));
  handle('startBulk', async ({ planId }) => startBulk(await credentials(), planId));
  handle('bulkStatus', ({ jobId }) => bulkStatus(jobId));
  handle('stopBulk', ({ jobId }) => stopBulk(jobId));
  handle('getLowBudgets', async () => lowBudgets(await rateBudgetItem.getValue()));
}
