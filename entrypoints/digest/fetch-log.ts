import type { BuildRef } from '@/lib/builds/model';
import { KdFailure } from '@/lib/errors';
import { messenger } from '@/lib/messenger';

/** A job's whole raw log through the background (cache, pool, pace). Throws `KdFailure`. */
export async function fetchWholeLog(ref: BuildRef, job: { id: string; final: boolean }): Promise<string> {
  const reply = await messenger.sendMessage('readJobLog', { ...ref, jobId: job.id, tailBytes: null, final: job.final });
  if (!reply.ok) throw new KdFailure(reply.error);
  return reply.value.text;
}
