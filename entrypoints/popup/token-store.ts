import { create } from 'zustand';
import type { KdError } from '@/lib/errors';
import { messenger } from '@/lib/messenger';
import type { TokenHealthReport } from '@/lib/token/report';

/** The popup's token state: the last report at once, then a fresh one; every action goes through the background. */
interface TokenState {
  report: TokenHealthReport | null;
  loaded: boolean;
  checking: boolean;
  busy: 'saving' | 'forgetting' | 'revoking' | null;
  error: KdError | null;
  forgetOnClose: boolean;
  load(): Promise<void>;
  recheck(): Promise<void>;
  save(token: string, forgetOnClose: boolean): Promise<boolean>;
  forget(): Promise<void>;
  revoke(): Promise<void>;
  setForgetOnClose(value: boolean): Promise<void>;
}

export const useTokenStore = create<TokenState>((set, get) => ({
  report: null,
  loaded: false,
  checking: false,
  busy: null,
  error: null,
  forgetOnClose: false,

  async load() {
    const [last, settings] = await Promise.all([
      messenger.sendMessage('getTokenHealth', undefined),
      messenger.sendMessage('getVaultSettings', undefined),
    ]);
    set({
      report: last.ok ? last.value : null,
      loaded: true,
      forgetOnClose: settings.ok ? settings.value.forgetOnClose : false,
      error: last.ok ? null : last.error,
    });
    if (settings.ok && settings.value.hasToken) await get().recheck();
  },

  async recheck() {
    set({ checking: true });
    const reply = await messenger.sendMessage('checkTokenHealth', undefined);
    set(reply.ok ? { report: reply.value, checking: false, error: null } : { checking: false, error: reply.error });
  },

  async save(token, forgetOnClose) {
    set({ busy: 'saving', error: null });
    const reply = await messenger.sendMessage('setToken', { token, forgetOnClose });
    set(reply.ok ? { report: reply.value, busy: null, forgetOnClose } : { busy: null, error: reply.error });
    return reply.ok;
  },

  async forget() {
    set({ busy: 'forgetting', error: null });
    const reply = await messenger.sendMessage('forgetToken', undefined);
    set(reply.ok ? { report: reply.value, busy: null } : { busy: null, error: reply.error });
  },

  async revoke() {
    set({ busy: 'revoking', error: null });
    const reply = await messenger.sendMessage('revokeToken', undefined);
    set(reply.ok ? { report: reply.value, busy: null } : { busy: null, error: reply.error });
  },

  async setForgetOnClose(value) {
    const reply = await messenger.sendMessage('setForgetOnClose', { forgetOnClose: value });
    set(reply.ok ? { forgetOnClose: reply.value.forgetOnClose } : { error: reply.error });
  },
}));
