import { deleteEndpoint, listEndpoints, saveEndpoint } from '@/lib/webhooks/endpoint-vault';
import { clearDeliveries, listDeliveries } from '@/lib/webhooks/history';
import { deliveryCurl, replayDelivery, sendWebhook } from '@/lib/webhooks/send';
import { buildForTemplate } from '@/lib/webhooks/template-build';
import { sendPipelineTrigger } from '@/lib/webhooks/trigger';
import { handle } from './handle';

/** Webhook lab. Secrets stay here: replies carry masked hints and masked headers only. */
export function registerWebhookHandlers(): void {
  handle('listWebhookEndpoints', async () => listEndpoints());
  handle('saveWebhookEndpoint', async (input) => saveEndpoint(input));
  handle('deleteWebhookEndpoint', async ({ id }) => deleteEndpoint(id));
  handle('sendWebhook', async (input) => sendWebhook(input));
  handle('replayDelivery', async ({ id, mode }) => replayDelivery(id, mode));
  handle('listDeliveries', async () => listDeliveries());
  handle('clearDeliveries', async () => clearDeliveries());
  handle('deliveryCurl', async ({ id, reveal }) => deliveryCurl(id, reveal));
  handle('getBuildForTemplate', async (ref) => buildForTemplate(ref));
  handle('sendPipelineTrigger', async ({ url, body }) => sendPipelineTrigger(url, body));
}
