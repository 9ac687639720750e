import { create } from 'zustand';
import type { KdError } from '@/lib/errors';
import {
  historyItem,
  requestOf,
  titleOf,
  withEntry,
  type HistoryEntry,
  type HistoryRequest,
} from '@/lib/console/history';
import { jsonBodyProblem, parseJsonObject } from '@/lib/console/json-input';
import type { ConsoleResponse, PortalTokenHint } from '@/lib/console/messages';
import { checkPortalToken, parsePortalUrl } from '@/lib/console/portal';
import { prevalidate, type DocumentProblem } from '@/lib/console/prevalidate';
import { READY_QUERIES } from '@/lib/console/ready-queries';
import { checkRestPath, type RestMethod } from '@/lib/console/rest-path';
import { messenger } from '@/lib/messenger';

export type Tab = 'graphql' | 'rest' | 'portal';

interface Outcome {
  response: ConsoleResponse | null;
  error: KdError | null;
  running: boolean;
}

const idle: Outcome = { response: null, error: null, running: false };

interface ConsoleState {
  tab: Tab;
  orgs: { slug: string; name: string }[];
  org: string | null;
  history: HistoryEntry[];
  gql: Outcome & {
    query: string;
    variables: string;
    operationName: string;
    problems: DocumentProblem[];
    variablesError: string | null;
  };
  rest: Outcome & { method: RestMethod; path: string; body: string; inputError: string | null };
  portal: Outcome & {
    url: string;
    variables: string;
    operationName: string;
    inputError: string | null;
    tokenInput: string;
    tokenError: string | null;
    hints: PortalTokenHint[];
  };
  load: () => Promise<void>;
  setTab: (tab: Tab) => void;
  setOrg: (org: string) => void;
  editGql: (patch: Partial<Pick<ConsoleState['gql'], 'query' | 'variables' | 'operationName'>>) => void;
  editRest: (patch: Partial<Pick<ConsoleState['rest'], 'method' | 'path' | 'body'>>) => void;
  editPortal: (
    patch: Partial<Pick<ConsoleState['portal'], 'url' | 'variables' | 'operationName' | 'tokenInput'>>,
  ) => void;
  applyReadyQuery: (id: string) => void;
  runGraphQL: () => Promise<void>;
  sendRest: (path?: string) => Promise<void>;
  runPortal: () => Promise<void>;
  savePortalToken: () => Promise<void>;
  forgetPortalToken: () => Promise<void>;
  restore: (entry: HistoryEntry) => void;
  rerun: (entry: HistoryEntry) => Promise<void>;
  clearHistory: () => Promise<void>;
}

async function remember(request: HistoryRequest, response: ConsoleResponse | null): Promise<HistoryEntry[]> {
  const entry = {
    ...request,
    id: crypto.randomUUID(),
    at: Date.now(),
    status: response?.status ?? null,
    durationMs: response?.durationMs ?? null,
    title: titleOf(request),
  } as HistoryEntry;
  const next = withEntry(await historyItem.getValue(), entry);
  // Storage full: the answer is already on screen and the entry stays in this page's list; nothing else is lost.
  await historyItem.setValue(next).catch(() => undefined);
  return next;
}

export const useConsole = create<ConsoleState>((set, get) => ({
  tab: 'graphql',
  orgs: [],
  org: null,
  history: [],
  gql: {
    ...idle,
    query: READY_QUERIES[0]?.query ?? '',
    variables: '{\n  "first": 20\n}',
    operationName: '',
    problems: [],
    variablesError: null,
  },
  rest: { ...idle, method: 'GET', path: '/v2/user', body: '', inputError: null },
  portal: {
    ...idle,
    url: '',
    variables: '{}',
    operationName: '',
    inputError: null,
    tokenInput: '',
    tokenError: null,
    hints: [],
  },

  async load() {
    const [report, hints, history] = await Promise.all([
      messenger.sendMessage('getTokenHealth', undefined),
      messenger.sendMessage('listPortalTokens', undefined),
      historyItem.getValue(),
    ]);
    const orgs = report.ok && report.value ? report.value.organizations : [];
    set({ orgs, org: orgs[0]?.slug ?? null, history, portal: { ...get().portal, hints: hints.ok ? hints.value : [] } });
  },

  setTab: (tab) => set({ tab }),
  setOrg: (org) => set({ org }),
  editGql: (patch) => set({ gql: { ...get().gql, ...patch, problems: [], variablesError: null } }),
  editRest: (patch) => set({ rest: { ...get().rest, ...patch, inputError: null } }),
  editPortal: (patch) => set({ portal: { ...get().portal, ...patch, inputError: null, tokenError: null } }),

  applyReadyQuery(id) {
    const ready = READY_QUERIES.find((item) => item.id === id);
    if (!ready) return;
    get().editGql({
      query: ready.query,
      variables: JSON.stringify(ready.variables(get().org), null, 2),
      operationName: '',
    });
  },

  async runGraphQL() {
    const { gql } = get();
    const variables = parseJsonObject(gql.variables);
    // Every run clears the previous result: an old answer never sits under a new error.
    if (!variables.ok) return set({ gql: { ...gql, ...idle, variablesError: variables.message, problems: [] } });
    const checked = prevalidate(gql.query, variables.value, gql.operationName || undefined);
    if (!checked.ok) return set({ gql: { ...gql, ...idle, problems: checked.problems, variablesError: null } });
    const operationName = checked.operation.name ?? undefined;
    set({ gql: { ...gql, problems: [], variablesError: null, running: true, error: null, response: null } });
    const reply = await messenger.sendMessage('consoleGraphQL', {
      query: gql.query,
      variables: variables.value,
      ...(operationName ? { operationName } : {}),
    });
    const response = reply.ok ? reply.value : null;
    set({ gql: { ...get().gql, running: false, response, error: reply.ok ? null : reply.error } });
    const history = await remember(
      { kind: 'graphql', query: gql.query, variables: gql.variables, ...(operationName ? { operationName } : {}) },
      response,
    );
    set({ history });
  },

  async sendRest(pathOverride) {
    const rest = get().rest;
    // Following a Link is always a GET of that page.
    const method: RestMethod = pathOverride ? 'GET' : rest.method;
    const path = pathOverride ?? rest.path;
    const checked = checkRestPath(path);
    if (!checked.ok) return set({ rest: { ...rest, inputError: checked.message } });
    const bodyProblem = method === 'GET' ? null : jsonBodyProblem(rest.body);
    if (bodyProblem) return set({ rest: { ...rest, inputError: `Body: ${bodyProblem}` } });
    const body = method !== 'GET' && rest.body.trim() ? rest.body : undefined;
    set({ rest: { ...rest, method, path: checked.path, running: true, error: null, inputError: null } });
    const reply = await messenger.sendMessage('consoleRest', { method, path: checked.path, ...(body ? { body } : {}) });
    const response = reply.ok ? reply.value : null;
    set({ rest: { ...get().rest, running: false, response, error: reply.ok ? null : reply.error } });
    set({ history: await remember({ kind: 'rest', method, path: checked.path, body: body ?? '' }, response) });
  },

  async runPortal() {
    const portal = get().portal;
    const parsed = parsePortalUrl(portal.url);
    if (!parsed.ok) return set({ portal: { ...portal, inputError: parsed.message } });
    const variables = parseJsonObject(portal.variables);
    if (!variables.ok) return set({ portal: { ...portal, inputError: `Variables: ${variables.message}` } });
    const operationName = portal.operationName.trim() || undefined;
    set({ portal: { ...portal, running: true, error: null, inputError: null } });
    const reply = await messenger.sendMessage('consolePortal', {
      portalUrl: portal.url.trim(),
      variables: variables.value,
      ...(operationName ? { operationName } : {}),
    });
    const response = reply.ok ? reply.value : null;
    set({ portal: { ...get().portal, running: false, response, error: reply.ok ? null : reply.error } });
    const request = {
      kind: 'portal' as const,
      portalUrl: portal.url.trim(),
      variables: portal.variables,
      ...(operationName ? { operationName } : {}),
    };
    set({ history: await remember(request, response) });
  },

  async savePortalToken() {
    const portal = get().portal;
    const parsed = parsePortalUrl(portal.url);
    if (!parsed.ok) return set({ portal: { ...portal, tokenError: `Portal URL: ${parsed.message}` } });
    const token = checkPortalToken(portal.tokenInput);
    if (!token.ok) return set({ portal: { ...portal, tokenError: token.message } });
    const reply = await messenger.sendMessage('setPortalToken', { portalUrl: portal.url.trim(), token: token.token });
    set({
      portal: reply.ok
        ? { ...get().portal, hints: reply.value, tokenInput: '', tokenError: null }
        : { ...get().portal, tokenError: `${reply.error.title}. ${reply.error.detail}` },
    });
  },

  async forgetPortalToken() {
    const reply = await messenger.sendMessage('forgetPortalToken', { portalUrl: get().portal.url.trim() });
    if (reply.ok) set({ portal: { ...get().portal, hints: reply.value } });
  },

  restore(entry) {
    const request = requestOf(entry);
    if (request.kind === 'graphql') {
      set({ tab: 'graphql' });
      get().editGql({ query: request.query, variables: request.variables, operationName: request.operationName ?? '' });
    } else if (request.kind === 'rest') {
      set({ tab: 'rest' });
      get().editRest({ method: request.method, path: request.path, body: request.body });
    } else {
      set({ tab: 'portal' });
      get().editPortal({
        url: request.portalUrl,
        variables: request.variables,
        operationName: request.operationName ?? '',
      });
    }
  },

  async rerun(entry) {
    get().restore(entry);
    if (entry.kind === 'graphql') await get().runGraphQL();
    else if (entry.kind === 'rest') await get().sendRest();
    else await get().runPortal();
  },

  async clearHistory() {
    await historyItem.setValue([]);
    set({ history: [] });
  },
}));
