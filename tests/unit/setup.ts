import 'fake-indexeddb/auto';
import { clear } from 'idb-keyval';
import { beforeEach } from 'vitest';
import { vaultStore } from '@/lib/vault/store';

// The vault lives in IndexedDB (fake-indexeddb here): start every test with an empty one, like fakeBrowser.reset().
beforeEach(async () => {
  await clear(vaultStore);
});

// happy-dom has no `Event.isTrusted`. In unit tests, what a test dispatches stands for the user's own gesture,
// unless it is marked with `untrusted(event)` (tests/unit/user-events.ts) to stand for a page script's.
if (typeof Event !== 'undefined' && !('isTrusted' in Event.prototype) && !('isTrusted' in new Event('probe'))) {
  Object.defineProperty(Event.prototype, 'isTrusted', {
    configurable: true,
    get(this: { kdUntrusted?: boolean }) {
      return this.kdUntrusted !== true;
    },
  });
}
