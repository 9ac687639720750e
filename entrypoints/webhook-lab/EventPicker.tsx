import { useState } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import { parsePageUrl } from '@/lib/pages';
import { canFillFromBuild, fillFromBuild, findEvent, WEBHOOK_EVENTS, type EventFamily } from '@/lib/webhooks/events';
import { useLabStore } from './lab-store';

const FAMILIES: [EventFamily, string][] = [
  ['pipelines', 'Pipelines'],
  ['test-engine', 'Test Engine'],
  ['package-registries', 'Package Registries'],
];

/** The event catalogue, grouped by family, with each event's description and caveat. */
export function EventPicker() {
  const { eventName, variant, bodyEdited, pickEvent, loadTemplate } = useLabStore();
  const spec = findEvent(eventName);
  return (
    <div class="kd-field">
      <label for="kd-event">Event</label>
      <select
        id="kd-event"
        value={eventName}
        aria-describedby="kd-event-description"
        onChange={(e) => pickEvent(e.currentTarget.value)}
      >
        {FAMILIES.map(([family, label]) => (
          <optgroup key={family} label={label}>
            {WEBHOOK_EVENTS.filter((event) => event.family === family).map((event) => (
              <option key={event.name} value={event.name}>
                {event.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <p id="kd-event-description" class="kd-muted">
        {spec?.description}
        {spec?.caveat ? ` Note: ${spec.caveat}` : ''}
      </p>
      {spec?.variants && (
        <div class="kd-field">
          <label for="kd-variant">Monitor type</label>
          <select
            id="kd-variant"
            value={variant ?? spec.variants[0]}
            onChange={(e) => pickEvent(eventName, e.currentTarget.value)}
          >
            {spec.variants.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      )}
      {bodyEdited && (
        <p class="kd-actions">
          <button
            type="button"
            onClick={() => {
              loadTemplate();
              // This button goes away with the edits: the focus goes to the payload it replaced.
              document.getElementById('kd-payload')?.focus();
            }}
          >
            Replace the payload with the {eventName} template
          </button>
          <span class="kd-muted">Your edits are kept until you do.</span>
        </p>
      )}
      {canFillFromBuild(eventName) && <FillFromBuild />}
    </div>
  );
}

/** "Use build 123 of this pipeline": fetched by the background with the API token (read_builds). */
function FillFromBuild() {
  const { eventName, setBody } = useLabStore();
  const [buildUrl, setBuildUrl] = useState('');
  const [org, setOrg] = useState('');
  const [pipeline, setPipeline] = useState('');
  const [number, setNumber] = useState('');
  const [error, setError] = useState<KdError | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function fill() {
    setProblem(null);
    setError(null);
    setDone(null);
    let ref = { org: org.trim(), pipeline: pipeline.trim(), number: Number(number) };
    if (buildUrl.trim()) {
      const page = parsePageUrl(buildUrl.trim());
      if (page.kind !== 'build') {
        setProblem('That is not a build URL: expected https://buildkite.com/<org>/<pipeline>/builds/<number>.');
        return;
      }
      ref = { org: page.org, pipeline: page.pipeline, number: page.buildNumber };
    }
    if (!ref.org || !ref.pipeline || !Number.isInteger(ref.number) || ref.number < 1) {
      setProblem('Paste a build URL, or enter the organization, the pipeline and a build number.');
      return;
    }
    setBusy(true);
    const reply = await messenger.sendMessage('getBuildForTemplate', ref);
    setBusy(false);
    if (!reply.ok) return setError(reply.error);
    setBody(JSON.stringify(fillFromBuild(eventName, { build: reply.value.build }), null, 2));
    setDone(`Filled from ${ref.org}/${ref.pipeline} build ${ref.number}.`);
  }

  return (
    <fieldset>
      <legend>Fill from a real build</legend>
      <div class="kd-field">
        <label for="kd-build-url">Build URL</label>
        <input
          id="kd-build-url"
          type="url"
          placeholder="https://buildkite.com/acme/web/builds/123"
          value={buildUrl}
          onInput={(e) => setBuildUrl(e.currentTarget.value)}
        />
      </div>
      <div class="kd-row">
        <div class="kd-field">
          <label for="kd-build-org">Organization</label>
          <input id="kd-build-org" type="text" value={org} onInput={(e) => setOrg(e.currentTarget.value)} />
        </div>
        <div class="kd-field">
          <label for="kd-build-pipeline">Pipeline</label>
          <input
            id="kd-build-pipeline"
            type="text"
            value={pipeline}
            onInput={(e) => setPipeline(e.currentTarget.value)}
          />
        </div>
        <div class="kd-field">
          <label for="kd-build-number">Build number</label>
          <input
            id="kd-build-number"
            type="text"
            inputMode="numeric"
            value={number}
            onInput={(e) => setNumber(e.currentTarget.value)}
          />
        </div>
        <button type="button" onClick={() => !busy && void fill()} aria-disabled={busy ? 'true' : undefined}>
          {busy ? 'Fetching…' : 'Fill from build'}
        </button>
      </div>
      <div aria-live="polite">
        {problem && <p class="kd-error">{problem}</p>}
        {error && <ErrorMessage error={error} />}
        {done && <p class="kd-ok">{done}</p>}
      </div>
    </fieldset>
  );
}
