import type { BuildView } from '../builds/model';
import { retryCategory } from '../builds/rules';

/** The build's state in Buildkite's words: a blocked build reads "blocked", whatever state it keeps underneath. */
export const stateWord = (build: Pick<BuildView, 'state' | 'blocked'>) => (build.blocked ? 'blocked' : build.state);

/** "#42 · 4 failed", "#42 · blocked", "#42 · passed". */
export function launcherText(build: BuildView): string {
  const failed = build.jobs.filter((job) => !job.retried && job.type === 'command' && retryCategory(job) !== null);
  const hard = failed.filter((job) => !job.softFailed).length;
  return `#${build.number} · ${hard > 0 ? `${hard} failed` : stateWord(build).replace(/_/g, ' ')}`;
}
