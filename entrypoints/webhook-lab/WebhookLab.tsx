import { useEffect } from 'preact/hooks';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Tabs } from '@/components/Tabs';
import { EndpointManager } from './EndpointManager';
import { EventPicker } from './EventPicker';
import { HistoryPanel } from './HistoryPanel';
import { useLabStore } from './lab-store';
import { PayloadEditor } from './PayloadEditor';
import { SendPanel } from './SendPanel';
import { Triggers } from './Triggers';
import { Verifier } from './Verifier';

export function WebhookLab() {
  const { load, loadError } = useLabStore();
  useEffect(() => {
    void load();
  }, []);
  return (
    <main class="kd-lab">
      <header>
        <h1>Kitedeck Webhook lab</h1>
        <p class="kd-muted">
          Send Buildkite webhooks to your receiver, signed or with a token, replay them, and check signatures. Secrets
          stay in Kitedeck’s background; this page only ever sees their last characters.
        </p>
      </header>
      {loadError && <ErrorMessage error={loadError} />}
      <div class="kd-lab-columns">
        <div class="kd-lab-compose">
          <section aria-labelledby="kd-payload-title">
            <h2 id="kd-payload-title">Event and payload</h2>
            <EventPicker />
            <PayloadEditor />
          </section>
          <SendPanel />
          <EndpointManager />
        </div>
        <div class="kd-lab-deliveries">
          <HistoryPanel />
        </div>
      </div>
      <Tabs
        label="Tools"
        idPrefix="kd-lab-tools"
        tabs={[
          { id: 'verifier', label: 'Verifier', content: <Verifier /> },
          { id: 'triggers', label: 'Pipeline triggers', content: <Triggers /> },
        ]}
      />
    </main>
  );
}
