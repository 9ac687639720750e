import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { LockSection } from '@/components/LockSection';
import { StoredSection } from '@/components/StoredSection';
import type { KdError } from '@/lib/errors';
import { FEATURE_CATALOG } from '@/lib/features/catalog';
import { messenger } from '@/lib/messenger';
import type { Settings } from '@/lib/settings';

/** Kitedeck's options: read-only mode, per-feature switches, forgetting the token on close, auto-watch. */
export function Options() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [forgetOnClose, setForgetOnClose] = useState<boolean | null>(null);
  const [error, setError] = useState<KdError | null>(null);
  const [saved, setSaved] = useState('');

  useEffect(() => {
    void (async () => {
      const [s, vault] = await Promise.all([
        messenger.sendMessage('getSettings', undefined),
        messenger.sendMessage('getVaultSettings', undefined),
      ]);
      if (s.ok) setSettings(s.value);
      else setError(s.error);
      if (vault.ok) setForgetOnClose(vault.value.forgetOnClose);
      else setError(vault.error);
    })();
  }, []);

  const update = async (patch: Partial<Settings>, what: string) => {
    const before = settings;
    if (before) setSettings({ ...before, ...patch }); // the switch follows the click at once
    setSaved('Saving…');
    const reply = await messenger.sendMessage('updateSettings', patch);
    if (!reply.ok) {
      setError(reply.error);
      setSettings(before);
      setSaved('');
      return;
    }
    setError(null);
    setSettings(reply.value);
    setSaved(`Saved: ${what}.`);
  };

  const updateForget = async (value: boolean) => {
    setForgetOnClose(value);
    setSaved('Saving…');
    const reply = await messenger.sendMessage('setForgetOnClose', { forgetOnClose: value });
    if (!reply.ok) {
      setError(reply.error);
      setForgetOnClose(!value);
      setSaved('');
      return;
    }
    setError(null);
    setForgetOnClose(reply.value.forgetOnClose);
    setSaved(`Saved: ${value ? 'the token is forgotten when the browser closes' : 'the token is kept'}.`);
  };

  const disabled = new Set(settings?.disabledFeatures ?? []);
  return (
    <main class="kd-popup kd-options">
      <h1>Kitedeck options</h1>
      <p class="kd-muted" role="status" aria-live="polite">
        {settings ? saved : 'Loading…'}
      </p>
      {error && <ErrorMessage error={error} />}
      {settings && (
        <>
          <section aria-labelledby="kd-opt-pages">
            <h2 id="kd-opt-pages">On Buildkite pages</h2>
            <label class="kd-feature">
              <span>
                <strong>Read-only mode</strong>
                <br />
                <span class="kd-muted">Hide every control that writes: rebuild, cancel, retry, unblock.</span>
              </span>
              <input
                type="checkbox"
                checked={settings.readOnly}
                onChange={(e) =>
                  void update(
                    { readOnly: e.currentTarget.checked },
                    `read-only mode ${e.currentTarget.checked ? 'on' : 'off'}`,
                  )
                }
              />
            </label>
            <fieldset>
              <legend>In-page features</legend>
              {FEATURE_CATALOG.map((feature) => (
                <label class="kd-feature" key={feature.id} data-feature={feature.id}>
                  <span>
                    <strong>{feature.title}</strong>
                    <br />
                    <span class="kd-muted">{feature.description}</span>
                  </span>
                  <input
                    type="checkbox"
                    aria-label={`${feature.title} enabled`}
                    checked={!disabled.has(feature.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      const next = new Set(disabled);
                      if (on) next.delete(feature.id);
                      else next.add(feature.id);
                      void update({ disabledFeatures: [...next] }, `${feature.title} ${on ? 'on' : 'off'}`);
                    }}
                  />
                </label>
              ))}
            </fieldset>
          </section>
          <section aria-labelledby="kd-opt-watch">
            <h2 id="kd-opt-watch">Watching builds</h2>
            <label class="kd-feature">
              <span>Automatically watch builds I create (from now on)</span>
              <input
                type="checkbox"
                checked={settings.autoWatchMine}
                onChange={(e) =>
                  void update(
                    { autoWatchMine: e.currentTarget.checked },
                    `auto-watch ${e.currentTarget.checked ? 'on' : 'off'}`,
                  )
                }
              />
            </label>
          </section>
        </>
      )}
      {forgetOnClose !== null && (
        <section aria-labelledby="kd-opt-token">
          <h2 id="kd-opt-token">Token</h2>
          <label class="kd-feature">
            <span>Forget the token when the browser closes</span>
            <input
              type="checkbox"
              checked={forgetOnClose}
              onChange={(e) => void updateForget(e.currentTarget.checked)}
            />
          </label>
        </section>
      )}
      <LockSection />
      <StoredSection />
    </main>
  );
}
