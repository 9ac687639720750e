import { create } from 'zustand';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import { validateEndpointUrl } from '@/lib/webhooks/endpoint';
import { findEvent } from '@/lib/webhooks/events';
import { checkHostPermission, ensureHostPermission, permissionRefusedMessage } from '@/lib/webhooks/host-permission';
import type { AuthMode, DeliveryView, EndpointView, ReplayMode } from '@/lib/webhooks/types';

export type Target =
  | { kind: 'saved'; endpointId: string }
  | { kind: 'one-off'; url: string; authMode: AuthMode; secret: string };

export interface EndpointDraft {
  id?: string;
  name: string;
  url: string;
  authMode: AuthMode;
  /** Empty on edit: keep the stored secret. */
  secret: string;
}

interface LabState {
  endpoints: EndpointView[];
  deliveries: DeliveryView[];
  loadError: KdError | null;
  eventName: string;
  variant: string | undefined;
  body: string;
  /** The payload was typed in or filled from a build: picking another event doesn't overwrite it silently. */
  bodyEdited: boolean;
  target: Target;
  busy: 'sending' | 'replaying' | null;
  /** The last Send's delivery (shown under Send). */
  result: DeliveryView | null;
  sendError: KdError | null;
  /** The last redelivery (shown under Recent deliveries, where it was asked for; its row takes the focus). */
  replayed: DeliveryView | null;
  /** Why a redelivery or clearing the history failed (shown under Recent deliveries). */
  historyError: KdError | null;
  /** The delivery shown in the details pane (null: the newest). */
  selectedId: string | null;
  select: (id: string) => void;
  load: () => Promise<void>;
  pickEvent: (name: string, variant?: string) => void;
  loadTemplate: () => void;
  setBody: (text: string, edited?: boolean) => void;
  setTarget: (target: Target) => void;
  /** Call first thing in a click handler (the permission prompt needs the user gesture). */
  send: () => Promise<void>;
  replay: (id: string, mode: ReplayMode) => Promise<void>;
  saveEndpoint: (draft: EndpointDraft) => Promise<KdError | null>;
  deleteEndpoint: (id: string) => Promise<void>;
  clearHistory: () => Promise<void>;
}

export function templateText(eventName: string, variant?: string): string {
  const spec = findEvent(eventName);
  return spec ? JSON.stringify(spec.template(variant ? { variant } : {}), null, 2) : '{}';
}

/** The URL a target sends to, when known. */
export function targetUrl(target: Target, endpoints: EndpointView[]): string | null {
  if (target.kind === 'one-off') return target.url;
  return endpoints.find((endpoint) => endpoint.id === target.endpointId)?.url ?? null;
}

export function originPatternOf(url: string | null): string | null {
  if (!url) return null;
  const check = validateEndpointUrl(url);
  return check.ok ? check.originPattern : null;
}

function permissionError(originPattern: string): KdError {
  return {
    kind: 'forbidden',
    title: 'Permission needed',
    detail: permissionRefusedMessage(originPattern),
    action: 'Kitedeck asks for each site when you first send to it; nothing asks for all sites.',
  };
}

const FIRST_EVENT = 'ping';

/** A send or replay that went out: selected, and first in the history (as the background keeps 50). */
function delivered(delivery: DeliveryView, deliveries: DeliveryView[]): Partial<LabState> {
  return { busy: null, selectedId: delivery.id, deliveries: [delivery, ...deliveries].slice(0, 50) };
}

export const useLabStore = create<LabState>((set, get) => ({
  endpoints: [],
  deliveries: [],
  loadError: null,
  eventName: FIRST_EVENT,
  variant: undefined,
  body: templateText(FIRST_EVENT),
  bodyEdited: false,
  target: { kind: 'one-off', url: '', authMode: 'signature', secret: '' },
  busy: null,
  result: null,
  sendError: null,
  replayed: null,
  historyError: null,
  selectedId: null,

  select(id) {
    set({ selectedId: id, replayed: null, historyError: null });
  },

  async load() {
    const [endpoints, deliveries] = await Promise.all([
      messenger.sendMessage('listWebhookEndpoints', undefined),
      messenger.sendMessage('listDeliveries', undefined),
    ]);
    const firstEndpoint = endpoints.ok ? endpoints.value[0] : undefined;
    const current = get().target;
    set({
      endpoints: endpoints.ok ? endpoints.value : [],
      deliveries: deliveries.ok ? deliveries.value : [],
      loadError: !endpoints.ok ? endpoints.error : !deliveries.ok ? deliveries.error : null,
      ...(firstEndpoint && current.kind === 'one-off' && !current.url
        ? { target: { kind: 'saved' as const, endpointId: firstEndpoint.id } }
        : {}),
    });
    const pattern = originPatternOf(targetUrl(get().target, get().endpoints));
    if (pattern) void checkHostPermission(pattern);
  },

  pickEvent(name, variant) {
    const keep = get().bodyEdited;
    set({ eventName: name, variant, ...(keep ? {} : { body: templateText(name, variant) }) });
  },

  loadTemplate() {
    set({ body: templateText(get().eventName, get().variant), bodyEdited: false });
  },

  setBody(text, edited = true) {
    set({ body: text, bodyEdited: edited });
  },

  setTarget(target) {
    set({ target });
    const pattern = originPatternOf(targetUrl(target, get().endpoints));
    if (pattern) void checkHostPermission(pattern);
  },

  async send() {
    const { target, endpoints, eventName, body } = get();
    const pattern = originPatternOf(targetUrl(target, endpoints));
    const granted = pattern ? ensureHostPermission(pattern) : Promise.resolve(true);
    set({ busy: 'sending', sendError: null });
    if (pattern && !(await granted)) {
      set({ busy: null, sendError: permissionError(pattern) });
      return;
    }
    const reply = await messenger.sendMessage('sendWebhook', {
      target:
        target.kind === 'saved'
          ? { endpointId: target.endpointId }
          : { url: target.url, authMode: target.authMode, secret: target.secret },
      event: eventName,
      body,
    });
    set(
      reply.ok
        ? { ...delivered(reply.value, get().deliveries), result: reply.value }
        : { busy: null, sendError: reply.error },
    );
  },

  async replay(id, mode) {
    const original = get().deliveries.find((delivery) => delivery.id === id);
    const pattern = originPatternOf(original?.request.url ?? null);
    const granted = pattern ? ensureHostPermission(pattern) : Promise.resolve(true);
    set({ busy: 'replaying', historyError: null, replayed: null });
    if (pattern && !(await granted)) {
      set({ busy: null, historyError: permissionError(pattern) });
      return;
    }
    const reply = await messenger.sendMessage('replayDelivery', { id, mode });
    set(
      reply.ok
        ? { ...delivered(reply.value, get().deliveries), replayed: reply.value }
        : { busy: null, historyError: reply.error },
    );
  },

  async saveEndpoint(draft) {
    const reply = await messenger.sendMessage('saveWebhookEndpoint', {
      ...(draft.id ? { id: draft.id } : {}),
      name: draft.name,
      url: draft.url,
      authMode: draft.authMode,
      ...(draft.secret ? { secret: draft.secret } : {}),
    });
    if (!reply.ok) return reply.error;
    const others = get().endpoints.filter((endpoint) => endpoint.id !== reply.value.id);
    const endpoints = draft.id
      ? get().endpoints.map((endpoint) => (endpoint.id === reply.value.id ? reply.value : endpoint))
      : [...others, reply.value];
    set({ endpoints });
    get().setTarget({ kind: 'saved', endpointId: reply.value.id });
    return null;
  },

  async deleteEndpoint(id) {
    const reply = await messenger.sendMessage('deleteWebhookEndpoint', { id });
    if (!reply.ok) return set({ sendError: reply.error });
    const target = get().target;
    set({ endpoints: reply.value });
    if (target.kind === 'saved' && target.endpointId === id) {
      const next = reply.value[0];
      get().setTarget(
        next ? { kind: 'saved', endpointId: next.id } : { kind: 'one-off', url: '', authMode: 'signature', secret: '' },
      );
    }
  },

  async clearHistory() {
    const reply = await messenger.sendMessage('clearDeliveries', undefined);
    if (reply.ok) set({ deliveries: reply.value, result: null, replayed: null, historyError: null, selectedId: null });
    else set({ historyError: reply.error });
  },
}));
