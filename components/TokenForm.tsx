import { useEffect, useRef, useState } from 'preact/hooks';
import { checkTokenFormat } from '@/lib/token/format';

interface Props {
  busy: boolean;
  forgetOnClose: boolean;
  onSave: (token: string, forgetOnClose: boolean) => Promise<boolean>;
  onCancel?: () => void;
  newTokenUrl: string;
  /** Focus the field on mount (the popup and first-run page open on it when no token is set). */
  autoFocus?: boolean;
}

/** Paste or replace a token. The format is checked before anything is sent; the field is cleared once saved. */
export function TokenForm({ busy, forgetOnClose, onSave, onCancel, newTokenUrl, autoFocus = false }: Props) {
  const [value, setValue] = useState('');
  const [forget, setForget] = useState(forgetOnClose);
  const [problem, setProblem] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoFocus) field.current?.focus();
  }, [autoFocus]);
  const format = value.trim() ? checkTokenFormat(value) : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    const checked = checkTokenFormat(value);
    if (!checked.ok) {
      setProblem(checked.message);
      return;
    }
    setProblem(null);
    if (await onSave(checked.token, forget)) setValue('');
  };

  return (
    <form class="kd-field" onSubmit={(event) => void submit(event)} aria-label="Buildkite API token">
      <label for="kd-token">Buildkite API access token</label>
      <input
        id="kd-token"
        ref={field}
        type="password"
        autocomplete="off"
        spellcheck={false}
        placeholder="bkua_…"
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby="kd-token-help"
        onInput={(event) => {
          setValue(event.currentTarget.value);
          setProblem(null);
        }}
      />
      <div id="kd-token-help" aria-live="polite">
        {problem && <p class="kd-error">{problem}</p>}
        {!problem && format?.ok && format.note && <p class="kd-note">{format.note}</p>}
      </div>
      <label>
        <input type="checkbox" checked={forget} onChange={(event) => setForget(event.currentTarget.checked)} /> Forget
        the token when the browser closes
      </label>
      <div class="kd-actions">
        <button class="kd-primary" type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Save token'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <a href={newTokenUrl} target="_blank" rel="noreferrer">
          Create a token with Kitedeck’s scopes
        </a>
      </div>
    </form>
  );
}
