import { browser, storage } from '#imports';
import { del, get } from 'idb-keyval';
import { KdFailure, type KdError } from '../errors';
import { deriveKey, isSealed, PBKDF2_ITERATIONS, randomSalt, seal, unseal, type Sealed } from './crypto';
import { commit, readRaw, vaultStore } from './store';

/**
 * The secrets Kitedeck keeps, all in the vault (extension-origin IndexedDB), never in storage.local. With the
 * optional passphrase lock, every one is sealed (AES-GCM) at rest; while unlocked, the derived non-extractable key
 * sits in the vault too (the service worker sleeps, so memory would lock it every 30 s) and is deleted on lock, on
 * auto-lock and at browser start. Background only.
 */
export type SecretName = 'apiToken' | 'webhookEndpoints' | 'portalTokens' | 'webhookHistory';
export const SECRET_NAMES: readonly SecretName[] = ['apiToken', 'webhookEndpoints', 'portalTokens', 'webhookHistory'];
export const secretKey = (name: SecretName) => `secret:${name}`;

const CONFIG = 'lock:config';
const KEY = 'lock:key';
export const AUTO_LOCK_ALARM = 'kd-auto-lock';
const CHECK_TEXT = 'kitedeck-lock-check';

interface LockConfig {
  salt: string;
  iterations: number;
  check: Sealed;
  idleMinutes: number;
}

export interface LockStatus {
  enabled: boolean;
  locked: boolean;
  idleMinutes: number | null;
}

/** "Forget when the browser closes": the token's copy in storage.session (locked to trusted contexts). */
const sessionToken = storage.defineItem<string | Sealed | null>('session:apiToken', { fallback: null });

export function lockedError(): KdError {
  return {
    kind: 'locked',
    title: 'Locked',
    detail:
      'Kitedeck is locked with your passphrase: its secrets are encrypted and nothing is sent to Buildkite until you unlock it.',
    action: 'Open Kitedeck’s popup and unlock it with your passphrase.',
  };
}

function wrongPassphrase(): KdError {
  return {
    kind: 'bad-message',
    title: 'Wrong passphrase',
    detail: 'That passphrase does not open Kitedeck’s vault. Nothing was changed; your secrets are still there.',
    action: 'Type it again (it is case-sensitive).',
  };
}

async function config(): Promise<LockConfig | undefined> {
  return (await readRaw(CONFIG)) as LockConfig | undefined;
}

async function unlockedKey(): Promise<CryptoKey | undefined> {
  const key = await readRaw(KEY);
  return key instanceof CryptoKey ? key : undefined;
}

export async function lockStatus(): Promise<LockStatus> {
  const [current, key] = await Promise.all([config(), unlockedKey()]);
  return { enabled: Boolean(current), locked: Boolean(current) && !key, idleMinutes: current?.idleMinutes ?? null };
}

let lastTouch = 0;
/** Pushes the auto-lock back: it fires after `idleMinutes` without any use of a secret. */
function touch(idleMinutes: number): void {
  const now = Date.now();
  if (now - lastTouch < 15_000) return;
  lastTouch = now;
  void browser.alarms.create(AUTO_LOCK_ALARM, { delayInMinutes: idleMinutes });
}

/** The key to seal with: null when no lock is set. Throws `locked` while locked. */
async function sealingKey(): Promise<CryptoKey | null> {
  const current = await config();
  if (!current) return null;
  const key = await unlockedKey();
  if (!key) throw new KdFailure(lockedError());
  touch(current.idleMinutes);
  return key;
}

async function open<T>(raw: unknown): Promise<T | undefined> {
  if (raw === undefined || raw === null) return undefined;
  if (!isSealed(raw)) return raw as T;
  const key = await sealingKey();
  if (!key) throw new KdFailure(lockedError());
  return unseal<T>(key, raw);
}

async function close(value: unknown): Promise<unknown> {
  const key = await sealingKey();
  return key ? seal(key, value) : value;
}

let migration: Promise<void> | null = null;
let migrator: (() => Promise<void>) | null = null;
/** lib/vault/migrate.ts registers itself here so that every read waits for the move out of storage.local. */
export function setMigrator(run: () => Promise<void>): void {
  migrator = run;
  migration = null;
}
export function ensureMigrated(): Promise<void> {
  if (!migrator) return Promise.resolve();
  migration ??= migrator().catch((cause: unknown) => {
    migration = null;
    throw cause;
  });
  return migration;
}

export async function readSecret<T>(name: SecretName): Promise<T | undefined> {
  await ensureMigrated();
  return open<T>(await readRaw(secretKey(name)));
}

/** Whether a secret is stored, without opening it (works while locked). */
export async function hasSecret(name: SecretName): Promise<boolean> {
  await ensureMigrated();
  return (await readRaw(secretKey(name))) !== undefined;
}

/** Replaces the secret in one transaction and reads it back; the old value is never deleted first. */
export async function writeSecret(name: SecretName, value: unknown): Promise<void> {
  await ensureMigrated();
  await commit([[secretKey(name), await close(value)]]);
}

/** Used by the migration, which must not wait for itself. */
export async function writeSecretDirect(name: SecretName, value: unknown): Promise<void> {
  await commit([[secretKey(name), await close(value)]]);
}

export async function deleteSecret(name: SecretName): Promise<void> {
  await del(secretKey(name), vaultStore);
}

export async function readSessionToken(): Promise<string | null> {
  return (await open<string>(await sessionToken.getValue())) ?? null;
}

export async function hasSessionToken(): Promise<boolean> {
  return (await sessionToken.getValue()) !== null;
}

/** Writes the session copy and reads it back before the caller removes any other copy. */
export async function writeSessionToken(token: string | null): Promise<void> {
  if (token === null) return sessionToken.removeValue();
  const stored = (await close(token)) as string | Sealed;
  await sessionToken.setValue(stored);
  if (JSON.stringify(await sessionToken.getValue()) !== JSON.stringify(stored)) {
    throw new KdFailure({
      kind: 'server',
      title: 'The browser did not keep the token',
      detail: 'The session copy could not be read back. The previous copy is kept.',
      action: 'Try again.',
    });
  }
}

/** Turns the lock on: every stored secret is sealed with a key from the passphrase, in one transaction. */
export async function enableLock(passphrase: string, idleMinutes: number): Promise<LockStatus> {
  await ensureMigrated();
  if (await config()) {
    throw new KdFailure({
      kind: 'bad-message',
      title: 'Already locked with a passphrase',
      detail: 'A passphrase is already set.',
      action: 'Turn the lock off first (it asks for the current passphrase), then set a new one.',
    });
  }
  const salt = randomSalt();
  const key = await deriveKey(passphrase, salt);
  const puts: [string, unknown][] = [];
  for (const name of SECRET_NAMES) {
    const raw = await readRaw(secretKey(name));
    if (raw !== undefined) puts.push([secretKey(name), isSealed(raw) ? raw : await seal(key, raw)]);
  }
  const next: LockConfig = { salt, iterations: PBKDF2_ITERATIONS, check: await seal(key, CHECK_TEXT), idleMinutes };
  puts.push([CONFIG, next], [KEY, key]);
  await commit(puts);
  const session = await sessionToken.getValue();
  if (typeof session === 'string') await sessionToken.setValue(await seal(key, session));
  lastTouch = 0;
  touch(idleMinutes);
  return lockStatus();
}

async function keyFor(passphrase: string): Promise<CryptoKey> {
  const current = await config();
  if (!current) throw new KdFailure(notEnabled());
  const key = await deriveKey(passphrase, current.salt, current.iterations);
  try {
    if ((await unseal<string>(key, current.check)) === CHECK_TEXT) return key;
  } catch {
    // GCM refused: another key.
  }
  throw new KdFailure(wrongPassphrase());
}

export async function unlock(passphrase: string): Promise<LockStatus> {
  const key = await keyFor(passphrase);
  await commit([[KEY, key]]);
  const current = await config();
  lastTouch = 0;
  if (current) touch(current.idleMinutes);
  return lockStatus();
}

export async function lock(): Promise<LockStatus> {
  await del(KEY, vaultStore);
  await browser.alarms.clear(AUTO_LOCK_ALARM);
  return lockStatus();
}

/** Turns the lock off (asks the passphrase): every secret is written back unsealed in one transaction. */
export async function disableLock(passphrase: string): Promise<LockStatus> {
  const key = await keyFor(passphrase);
  const puts: [string, unknown][] = [];
  for (const name of SECRET_NAMES) {
    const raw = await readRaw(secretKey(name));
    if (raw !== undefined) puts.push([secretKey(name), isSealed(raw) ? await unseal(key, raw) : raw]);
  }
  const session = await sessionToken.getValue();
  if (isSealed(session)) await sessionToken.setValue(await unseal<string>(key, session));
  await commit(puts, [CONFIG, KEY]);
  await browser.alarms.clear(AUTO_LOCK_ALARM);
  return lockStatus();
}

export async function setIdleMinutes(idleMinutes: number): Promise<LockStatus> {
  const current = await config();
  if (!current) throw new KdFailure(notEnabled());
  if (!(await unlockedKey())) throw new KdFailure(lockedError());
  await commit([[CONFIG, { ...current, idleMinutes }]]);
  lastTouch = 0;
  touch(idleMinutes);
  return lockStatus();
}

function notEnabled(): KdError {
  return {
    kind: 'bad-message',
    title: 'No passphrase is set',
    detail: 'Kitedeck is not locked with a passphrase.',
    action: 'Set one in Kitedeck’s options first.',
  };
}

/** For tests: what the vault database holds, raw. */
export function rawVaultEntry(key: string): Promise<unknown> {
  return get(key, vaultStore);
}
