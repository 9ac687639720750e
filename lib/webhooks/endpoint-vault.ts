import { KdFailure } from '../errors';
import { readSecret, writeSecret } from '../vault/vault';
import { validateEndpointUrl } from './endpoint';
import { purgeEndpointSecrets } from './history';
import { maskSecret } from './mask';
import type { AuthMode, EndpointView } from './types';

/**
 * Saved webhook endpoints, kept in the background's vault like the API token (lib/vault: extension-origin IndexedDB,
 * never storage.local). The secret never leaves the background: every reply carries `secretHint` instead.
 */
export interface StoredEndpoint {
  id: string;
  name: string;
  url: string;
  authMode: AuthMode;
  secret: string;
}

export const MAX_ENDPOINTS = 50;

export async function readEndpoints(): Promise<StoredEndpoint[]> {
  return (await readSecret<StoredEndpoint[]>('webhookEndpoints')) ?? [];
}

function writeEndpoints(endpoints: StoredEndpoint[]): Promise<void> {
  return writeSecret('webhookEndpoints', endpoints);
}

export { maskSecret };

export function endpointView(endpoint: StoredEndpoint): EndpointView {
  const { id, name, url, authMode, secret } = endpoint;
  return { id, name, url, authMode, secretHint: maskSecret(secret) };
}

export async function listEndpoints(): Promise<EndpointView[]> {
  return (await readEndpoints()).map(endpointView);
}

export async function findEndpoint(id: string): Promise<StoredEndpoint> {
  const found = (await readEndpoints()).find((endpoint) => endpoint.id === id);
  if (!found) throw new KdFailure(endpointNotFound());
  return found;
}

export interface EndpointInput {
  id?: string | undefined;
  name: string;
  url: string;
  authMode: AuthMode;
  secret?: string | undefined;
}

export async function saveEndpoint(input: EndpointInput): Promise<EndpointView> {
  const check = validateEndpointUrl(input.url);
  if (!check.ok) throw new KdFailure(invalidInput('That endpoint URL can’t be used', check.message));
  const all = await readEndpoints();
  const existing = input.id ? all.find((endpoint) => endpoint.id === input.id) : undefined;
  if (input.id && !existing) throw new KdFailure(endpointNotFound());
  const secret = input.secret ?? existing?.secret;
  if (!secret) {
    throw new KdFailure(
      invalidInput('A secret is needed', 'Paste the webhook’s token (Settings → Notification Services).'),
    );
  }
  const saved: StoredEndpoint = {
    id: existing?.id ?? crypto.randomUUID(),
    name: input.name,
    url: check.url.toString(),
    authMode: input.authMode,
    secret,
  };
  if (!existing && all.length >= MAX_ENDPOINTS) {
    throw new KdFailure(invalidInput('Too many endpoints', `Kitedeck keeps up to ${MAX_ENDPOINTS}; delete one first.`));
  }
  await writeEndpoints(
    existing ? all.map((endpoint) => (endpoint.id === saved.id ? saved : endpoint)) : [...all, saved],
  );
  return endpointView(saved);
}

/** Deletes the endpoint, then purges its secret from the delivery history (see `purgeEndpointSecrets`). */
export async function deleteEndpoint(id: string): Promise<EndpointView[]> {
  const remaining = (await readEndpoints()).filter((endpoint) => endpoint.id !== id);
  await writeEndpoints(remaining);
  await purgeEndpointSecrets(id);
  return remaining.map(endpointView);
}

function endpointNotFound() {
  return {
    kind: 'not-found' as const,
    title: 'Endpoint not found',
    detail: 'This saved endpoint no longer exists (it was deleted, maybe in another window).',
    action: 'Reload the Webhook lab and pick another endpoint.',
  };
}

export function invalidInput(title: string, detail: string) {
  return { kind: 'bad-message' as const, title, detail, action: 'Correct it and try again.' };
}
