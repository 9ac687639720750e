import type { KdError } from '@/lib/errors';

/** A failure in the shared vocabulary: what happened, then what to do. Rendered as text. */
export function ErrorMessage({ error }: { error: KdError }) {
  return (
    <div class="kd-error" role="alert" data-kind={error.kind}>
      <strong>{error.title}.</strong> {error.detail} <span>{error.action}</span>
    </div>
  );
}
