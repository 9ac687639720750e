import { useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { BuildRef } from '@/lib/builds/model';
import type { KdError } from '@/lib/errors';
import type { ArtifactView } from '@/lib/logs/artifacts';
import { zipLogs } from '@/lib/logs/zip';
import { messenger } from '@/lib/messenger';
import { fetchWholeLog } from './fetch-log';

const size = (bytes: number | null) =>
  bytes === null
    ? 'size unknown'
    : bytes < 1024
      ? `${bytes} B`
      : bytes < 1024 * 1024
        ? `${(bytes / 1024).toFixed(1)} KiB`
        : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "Download all logs" as one zip, and the build's artifacts (size, state, download through the signed URL). */
export function Downloads({ buildRef }: { buildRef: BuildRef }) {
  const [zipStatus, setZipStatus] = useState('');
  const [zipError, setZipError] = useState<KdError | null>(null);
  const [artifacts, setArtifacts] = useState<ArtifactView[] | null>(null);
  const [artifactError, setArtifactError] = useState<KdError | null>(null);
  const [artifactStatus, setArtifactStatus] = useState('');

  const downloadAll = async () => {
    setZipError(null);
    setZipStatus('Listing the jobs…');
    const list = await messenger.sendMessage('listLogJobs', buildRef);
    if (!list.ok) {
      setZipStatus('');
      setZipError(list.error);
      return;
    }
    const jobs = list.value.jobs;
    try {
      const response = zipLogs(
        jobs,
        (job) => fetchWholeLog(buildRef, jobs.find((j) => j.id === job.id)!),
        (done) => setZipStatus(`Zipping… ${done} of ${jobs.length} logs`),
      );
      const blob = await response.blob();
      const name = `${buildRef.org}-${buildRef.pipeline}-${buildRef.number}-logs.zip`;
      saveBlob(blob, name);
      setZipStatus(`Saved ${name} (${jobs.length} logs, ${size(blob.size)})`);
    } catch (cause) {
      setZipStatus('');
      setZipError(
        (cause as { error?: KdError }).error ?? {
          kind: 'network',
          title: 'The zip could not be made',
          detail: String(cause),
          action: 'Try again.',
        },
      );
    }
  };

  const loadArtifacts = async () => {
    setArtifactError(null);
    const reply = await messenger.sendMessage('listArtifacts', buildRef);
    if (reply.ok) setArtifacts(reply.value);
    else setArtifactError(reply.error);
  };

  const download = async (artifact: ArtifactView) => {
    setArtifactStatus(`Asking Buildkite for ${artifact.filename}…`);
    const reply = await messenger.sendMessage('artifactDownloadUrl', {
      ...buildRef,
      jobId: artifact.jobId,
      artifactId: artifact.id,
    });
    if (!reply.ok) {
      setArtifactStatus('');
      setArtifactError(reply.error);
      return;
    }
    // The signed URL is valid for about a minute: hand it to the browser at once.
    const a = document.createElement('a');
    a.href = reply.value.url;
    a.download = artifact.filename;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
    setArtifactStatus(`Downloading ${artifact.filename}`);
  };

  return (
    <section aria-labelledby="kd-downloads-title">
      <h2 id="kd-downloads-title">Downloads</h2>
      <div class="kd-actions">
        <button type="button" onClick={() => void downloadAll()}>
          Download all logs
        </button>
        <span role="status" aria-live="polite">
          {zipStatus}
        </span>
      </div>
      {zipError && <ErrorMessage error={zipError} />}
      <h3>Artifacts</h3>
      {artifacts === null ? (
        <button type="button" onClick={() => void loadArtifacts()}>
          List artifacts
        </button>
      ) : artifacts.length === 0 ? (
        <p role="status">This build has no artifacts.</p>
      ) : (
        <table class="kd-artifacts">
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Size</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="kd-visually-hidden">Download</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {artifacts.map((a) => (
              <tr key={a.id}>
                <td>{a.path}</td>
                <td>{size(a.size)}</td>
                <td>{a.state}</td>
                <td>
                  <button
                    type="button"
                    disabled={a.state !== 'finished'}
                    onClick={() => void download(a)}
                    aria-label={`Download ${a.path}`}
                  >
                    Download
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status" aria-live="polite">
        {artifactStatus}
      </p>
      {artifactError && <ErrorMessage error={artifactError} />}
    </section>
  );
}
