import { useEffect, useState } from 'preact/hooks';
import { messenger } from '@/lib/messenger';

/** A visible sign that read-only mode is on (Kitedeck sends no write to Buildkite), as the in-page panel shows. */
export function ReadOnlyChip() {
  const [readOnly, setReadOnly] = useState(false);
  useEffect(() => {
    void messenger.sendMessage('getSettings', undefined).then((reply) => {
      if (reply.ok) setReadOnly(reply.value.readOnly);
    });
  }, []);
  if (!readOnly) return null;
  return (
    <span
      class="kd-chip"
      data-kd="read-only"
      title="Read-only mode is on: Kitedeck sends no writes to Buildkite. Turn it off in Options."
    >
      Read-only
    </span>
  );
}
