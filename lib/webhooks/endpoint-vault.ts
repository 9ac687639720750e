import { storage } from '#imports';
import { KdFailure } from '../errors';
import { validateEndpointUrl } from './endpoint';
import type { AuthMode, EndpointView } from './types';

/**
 * Saved webhook endpoints, kept in the background like the API token (storage.local under their own key). The
 * secret never leaves the background: every reply carries `secretHint` instead.
 */
export interface StoredEndpoint {
  id: string;
  name: string;
  url: string;
  authMode: AuthMode;
  secret: string;
}

export const MAX_ENDPOINTS = 50;
export const endpointsItem = storage.defineItem<StoredEndpoint[]>('local:webhookEndpoints', { fallback: [] });

/** `••••` plus the last 4 characters, only for secrets long enough (12+) that 4 characters reveal little. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}

export function endpointView(endpoint: StoredEndpoint): EndpointView {
  const { id, name, url, authMode, secret } = endpoint;
  return { id, name, url, authMode, secretHint: maskSecret(secret) };
}

export async function listEndpoints(): Promise<EndpointView[]> {
  return (await endpointsItem.getValue()).map(endpointView);
}

export async function findEndpoint(id: string): Promise<StoredEndpoint> {
  const found = (await endpointsItem.getValue()).find((endpoint) => endpoint.id === id);
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
  const all = await endpointsItem.getValue();
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
  await endpointsItem.setValue(
    existing ? all.map((endpoint) => (endpoint.id === saved.id ? saved : endpoint)) : [...all, saved],
  );
  return endpointView(saved);
}

export async function deleteEndpoint(id: string): Promise<EndpointView[]> {
  const remaining = (await endpointsItem.getValue()).filter((endpoint) => endpoint.id !== id);
  await endpointsItem.setValue(remaining);
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
