import { useState } from 'preact/hooks';
import { curlFor, type ConsoleRequest } from '@/lib/console/curl';

/** "Copy as curl": the token is `$BUILDKITE_API_TOKEN` / `$BUILDKITE_PORTAL_TOKEN`, never its value. */
export function CopyCurl({ request }: { request: () => ConsoleRequest | null }) {
  const [state, setState] = useState<{ text: string; copied: boolean } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          const built = request();
          if (!built) return;
          const made = curlFor(built);
          setProblem(made.ok ? null : made.message);
          if (!made.ok) return setState(null);
          const text = made.text;
          setState({ text, copied: false });
          void navigator.clipboard.writeText(text).then(
            () => setState({ text, copied: true }),
            () => setState({ text, copied: false }),
          );
        }}
      >
        Copy as curl
      </button>
      {problem && (
        <p role="alert" class="kd-error">
          No curl command: {problem}
        </p>
      )}
      {state && (
        <details open>
          <summary>{state.copied ? 'Copied. The command:' : 'The command (copy it from here):'}</summary>
          <pre class="kd-code" aria-label="curl command" tabIndex={0}>
            {state.text}
          </pre>
        </details>
      )}
    </>
  );
}
