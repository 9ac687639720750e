// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KdFailure } from '@/lib/errors';
import { readPortalToken } from '@/lib/console/portal-vault';
import { credentials } from '@/lib/token/service';
import { readToken, setForgetOnClose, storeToken, vaultSettings } from '@/lib/token/vault';
import { PBKDF2_ITERATIONS } from '@/lib/vault/crypto';
import { LEGACY_KEYS, migrateLegacySecrets, registerMigration } from '@/lib/vault/migrate';
import { startVault } from '@/lib/vault/startup';
import {
  AUTO_LOCK_ALARM,
  disableLock,
  enableLock,
  lock,
  lockStatus,
  rawVaultEntry,
  secretKey,
  SECRET_NAMES,
  unlock,
  writeSecret,
} from '@/lib/vault/vault';
import { readEndpoints } from '@/lib/webhooks/endpoint-vault';
import { readHistory } from '@/lib/webhooks/history';
import fixture from './fixtures/storage-local-v0.1.json';

const TOKEN = 'bkua_0123456789abcdef0123456789abcdef01234567';
const NEW_TOKEN = 'bkua_fedcba9876543210fedcba9876543210fedcba98';
const PASS = 'correct horse battery staple';

async function failureOf(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (error instanceof KdFailure) return error.error;
    throw error;
  }
  throw new Error('expected a KdFailure');
}

/** Makes the vault's next IndexedDB writes fail, as a full disk or a crash mid-write would. */
function failVaultWrites() {
  return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
    throw new DOMException('Simulated: the disk is full', 'QuotaExceededError');
  });
}

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => vi.restoreAllMocks());

describe('migration from the storage.local layout of 0.1 (fixture)', () => {
  beforeEach(async () => {
    await fakeBrowser.storage.local.set(structuredClone(fixture));
  });

  it('moves every secret into the vault and leaves no secret in storage.local', async () => {
    expect(await migrateLegacySecrets()).toEqual(['apiToken', 'webhookEndpoints', 'portalTokens', 'webhookHistory']);
    const local = await fakeBrowser.storage.local.get(null);
    for (const key of Object.values(LEGACY_KEYS)) expect(local).not.toHaveProperty(key);
    const text = JSON.stringify(local);
    expect(text).not.toContain('bkua_');
    expect(text).not.toContain('legacy-webhook-secret');
    expect(text).not.toContain('bkpat_');
    // Non-secret state stays where it was.
    expect(local.settings).toEqual(fixture.settings);
    expect(local.vaultSettings).toEqual(fixture.vaultSettings);
    expect(await readToken()).toBe(fixture.apiToken);
    expect(await readEndpoints()).toEqual(fixture.webhookEndpoints);
    expect(await readPortalToken('acme/deploys')).toBe(fixture.portalTokens['acme/deploys']);
    expect(await readHistory()).toEqual(fixture.webhookHistory);
  });

  it('every vault read waits for the migration (a worker woken by a message before onInstalled)', async () => {
    registerMigration();
    expect(await readToken()).toBe(fixture.apiToken);
    expect(await fakeBrowser.storage.local.get('apiToken')).toEqual({});
  });

  it('keeps the old copy when the new one could not be written, and finishes on the next start', async () => {
    const put = failVaultWrites();
    await expect(migrateLegacySecrets()).rejects.toThrow();
    expect((await fakeBrowser.storage.local.get('apiToken')).apiToken).toBe(fixture.apiToken);
    put.mockRestore();
    await migrateLegacySecrets();
    expect(await readToken()).toBe(fixture.apiToken);
    expect(await fakeBrowser.storage.local.get('apiToken')).toEqual({});
  });

  it('a move that crashed after the write only removes the old copy (the vault copy is newer or equal)', async () => {
    await writeSecret('apiToken', NEW_TOKEN);
    await migrateLegacySecrets();
    expect(await readToken()).toBe(NEW_TOKEN);
    expect(await fakeBrowser.storage.local.get('apiToken')).toEqual({});
  });

  it('with "forget when the browser closes" on, a persistent copy left behind is removed', async () => {
    await fakeBrowser.storage.local.set({ vaultSettings: { forgetOnClose: true } });
    await migrateLegacySecrets();
    expect(await rawVaultEntry(secretKey('apiToken'))).toBeUndefined();
  });
});

describe('crash-safe token replacement', () => {
  it('replacing the token: a failed write keeps the old token', async () => {
    await storeToken(TOKEN, false);
    failVaultWrites();
    await expect(storeToken(NEW_TOKEN, false)).rejects.toThrow();
    vi.restoreAllMocks();
    expect(await readToken()).toBe(TOKEN);
    await storeToken(NEW_TOKEN, false);
    expect(await readToken()).toBe(NEW_TOKEN);
  });

  it('switching "forget on close" off: a failed vault write keeps the session copy in use', async () => {
    await storeToken(TOKEN, true);
    failVaultWrites();
    await expect(setForgetOnClose(false)).rejects.toThrow();
    vi.restoreAllMocks();
    expect((await vaultSettings.getValue()).forgetOnClose).toBe(true);
    expect(await readToken()).toBe(TOKEN);
  });

  it('switching "forget on close" on: a failed session write keeps the vault copy in use', async () => {
    await storeToken(TOKEN, false);
    vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValue(new Error('Simulated: session storage full'));
    await expect(setForgetOnClose(true)).rejects.toThrow();
    vi.restoreAllMocks();
    expect((await vaultSettings.getValue()).forgetOnClose).toBe(false);
    expect(await readToken()).toBe(TOKEN);
  });

  it('storage.local never holds the token, in either mode', async () => {
    await storeToken(TOKEN, false);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(TOKEN);
    await setForgetOnClose(true);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(TOKEN);
    expect(await rawVaultEntry(secretKey('apiToken'))).toBeUndefined();
    expect(await readToken()).toBe(TOKEN);
  });
});

describe('passphrase lock', () => {
  it('seals every secret at rest with PBKDF2 (≥ 600,000) + AES-GCM, and opens them while unlocked', async () => {
    await storeToken(TOKEN, false);
    await writeSecret('portalTokens', { 'acme/p': 'bkpat_secretportal' });
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(await enableLock(PASS, 15)).toEqual({ enabled: true, locked: false, idleMinutes: 15 });
    const config = (await rawVaultEntry('lock:config')) as { iterations: number };
    expect(config.iterations).toBeGreaterThanOrEqual(600_000);
    for (const name of SECRET_NAMES) {
      const raw = await rawVaultEntry(secretKey(name));
      if (raw !== undefined) expect(raw).toMatchObject({ sealed: 1 });
    }
    expect(JSON.stringify(await rawVaultEntry(secretKey('apiToken')))).not.toContain(TOKEN);
    expect(await readToken()).toBe(TOKEN);
    expect(await fakeBrowser.alarms.get(AUTO_LOCK_ALARM)).toBeDefined();
  });

  it('locked: nothing opens, credentials refuse (nothing can be sent); the right passphrase unlocks', async () => {
    await storeToken(TOKEN, false);
    await enableLock(PASS, 15);
    expect(await lock()).toMatchObject({ locked: true });
    expect((await failureOf(readToken())).kind).toBe('locked');
    expect((await failureOf(credentials())).title).toBe('Locked');
    expect((await failureOf(storeToken(NEW_TOKEN, false))).kind).toBe('locked');
    expect(await unlock(PASS)).toMatchObject({ locked: false });
    expect(await readToken()).toBe(TOKEN);
  });

  it('a wrong passphrase says so clearly and loses nothing', async () => {
    await storeToken(TOKEN, false);
    await enableLock(PASS, 15);
    await lock();
    const before = await rawVaultEntry(secretKey('apiToken'));
    const error = await failureOf(unlock('Correct horse battery staple'));
    expect(error.title).toBe('Wrong passphrase');
    expect(error.detail).toContain('Nothing was changed');
    expect(await lockStatus()).toMatchObject({ locked: true });
    expect(await rawVaultEntry(secretKey('apiToken'))).toEqual(before);
    expect((await failureOf(disableLock('nope'))).title).toBe('Wrong passphrase');
    await unlock(PASS);
    expect(await readToken()).toBe(TOKEN);
  });

  it('auto-locks when the idle alarm fires, and locks at browser start', async () => {
    startVault();
    await storeToken(TOKEN, false);
    await enableLock(PASS, 5);
    const alarm = await fakeBrowser.alarms.get(AUTO_LOCK_ALARM);
    expect(alarm?.scheduledTime).toBeGreaterThan(Date.now() + 4 * 60_000);
    await fakeBrowser.alarms.onAlarm.trigger({ name: AUTO_LOCK_ALARM, scheduledTime: Date.now() });
    await vi.waitFor(async () => expect(await lockStatus()).toMatchObject({ locked: true }));
    expect((await failureOf(readToken())).kind).toBe('locked');
    await unlock(PASS);
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(async () => expect(await lockStatus()).toMatchObject({ locked: true }));
  });

  it('seals the "forget on close" session copy too, and turning the lock off unseals everything', async () => {
    await storeToken(TOKEN, true);
    await enableLock(PASS, 15);
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain(TOKEN);
    await lock();
    expect((await failureOf(readToken())).kind).toBe('locked');
    await unlock(PASS);
    expect(await disableLock(PASS)).toEqual({ enabled: false, locked: false, idleMinutes: null });
    expect(await fakeBrowser.storage.session.get(null)).toMatchObject({ apiToken: TOKEN });
    await setForgetOnClose(false);
    expect(await rawVaultEntry(secretKey('apiToken'))).toBe(TOKEN);
  });
});
