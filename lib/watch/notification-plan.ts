/**
 * The notifications one poll sends, and their text: pipeline, build number and result in the title, branch (and
 * the commit message) in the body. Several builds finishing in the same poll make ONE summary. Ids are
 * deterministic, so re-sending after a worker restart replaces a notification instead of duplicating it.
 */
import type { WatchEvent, WatchEventKind } from './decide';
import { buildKey, type BuildKeyParts, type WatchedBuild } from './model';

export type NotificationAction = 'open' | 'retry' | 'unblock' | 'digest';

export interface PlannedNotification {
  id: string;
  title: string;
  message: string;
  /** The builds it is about (the first is the one a click opens). */
  buildKeys: string[];
  /** What a click on the notification does. */
  click: NotificationAction;
  /** Chrome's buttons, in order (at most 2). Firefox has no buttons: a click does `click`. */
  buttons: NotificationAction[];
  /** The block job whose form `unblock` opens. */
  jobId: string | null;
}

export const NOTIFICATION_PREFIX = 'kd-watch:';
export const BUTTON_LABELS: Record<NotificationAction, string> = {
  open: 'Open build',
  digest: 'Why did it fail?',
  retry: 'Retry failed jobs',
  unblock: 'Open unblock form',
};

const RESULT: Record<WatchEventKind, string> = {
  passed: 'passed',
  failed: 'failed',
  canceled: 'was canceled',
  skipped: 'was skipped',
  failing: 'is failing',
  blocked: 'is blocked, needs input',
};

const FINISHED: ReadonlySet<WatchEventKind> = new Set(['passed', 'failed', 'canceled', 'skipped']);

export function buildTitle(build: WatchedBuild): string {
  return `${build.pipelineName} #${build.number}`;
}

/** The build's title if it is watched, else "pipeline #n". */
export function watchedName(builds: readonly WatchedBuild[], ref: BuildKeyParts): string {
  const watched = builds.find((b) => b.key === buildKey(ref));
  return watched ? buildTitle(watched) : `${ref.pipeline} #${ref.number}`;
}

/** "Retried 2 failed jobs of Web #12." */
export function retriedMessage(name: string, result: { retried: readonly unknown[] }): string {
  const count = result.retried.length;
  return `Retried ${count} failed job${count === 1 ? '' : 's'} of ${name}.`;
}

function branchLine(build: WatchedBuild): string {
  const branch = build.branch ? `Branch ${build.branch}` : 'Unknown branch';
  const message = build.message?.split('\n')[0]?.trim();
  return message ? `${branch} · ${truncate(message, 80)}` : branch;
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function single(event: WatchEvent, readOnly: boolean): PlannedNotification {
  const { build, kind } = event;
  const canRetry = !readOnly && (kind === 'failed' || kind === 'failing');
  const step = build.blockSteps.find((s) => s.unblockable) ?? build.blockSteps[0];
  const lead =
    kind === 'failing'
      ? 'A job failed while the build still runs. '
      : kind === 'blocked'
        ? `${step?.label ? `Block step “${truncate(step.label, 60)}”` : 'A block step'} waits for input. `
        : '';
  return {
    id: `${NOTIFICATION_PREFIX}${build.key}:${event.notifyKey}`,
    title: `${buildTitle(build)} ${RESULT[kind]}`,
    message: `${lead}${branchLine(build)}`,
    buildKeys: [build.key],
    // A failed build's notification opens its failure digest (issue 14); its "Open build" button stays.
    click: kind === 'blocked' && step ? 'unblock' : kind === 'failed' ? 'digest' : 'open',
    buttons: kind === 'blocked' && step ? ['unblock', 'open'] : canRetry ? ['open', 'retry'] : ['open'],
    jobId: kind === 'blocked' ? (step?.jobId ?? null) : null,
  };
}

/** One poll's events → the notifications to show. */
export function planNotifications(events: readonly WatchEvent[], readOnly = false): PlannedNotification[] {
  const finished = events.filter((event) => FINISHED.has(event.kind));
  const others = events.filter((event) => !FINISHED.has(event.kind));
  const plans = others.map((event) => single(event, readOnly));
  if (finished.length === 1) plans.push(single(finished[0]!, readOnly));
  if (finished.length > 1) {
    const ordered = [...finished].sort((a, b) => Number(b.kind === 'failed') - Number(a.kind === 'failed'));
    const failed = finished.filter((event) => event.kind === 'failed').length;
    plans.push({
      id: `${NOTIFICATION_PREFIX}summary:${ordered.map((e) => `${e.build.key}:${e.notifyKey}`).join('|')}`,
      title: `${finished.length} watched builds finished${failed ? `, ${failed} failed` : ''}`,
      message: ordered
        .map((e) => `${buildTitle(e.build)} (${e.build.branch || 'unknown branch'}) ${RESULT[e.kind]}`)
        .join('\n'),
      buildKeys: ordered.map((event) => event.build.key),
      click: 'open',
      buttons: ['open'],
      jobId: null,
    });
  }
  return plans;
}
