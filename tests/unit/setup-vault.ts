import 'fake-indexeddb/auto';
import { clear } from 'idb-keyval';
import { beforeEach } from 'vitest';
import { vaultStore } from '@/lib/vault/store';

// The vault lives in IndexedDB (fake-indexeddb here): start every test with an empty one, like fakeBrowser.reset().
beforeEach(async () => {
  await clear(vaultStore);
});
