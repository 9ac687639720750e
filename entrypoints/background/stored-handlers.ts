import { STORED_PART_IDS } from '@/lib/stored/messages';
import { clearPart, storedParts } from '@/lib/stored/parts';
import { handle } from './handle';

/** "What Kitedeck stores" (options page): sizes of each part, and clearing one. Extension pages only. */
export function registerStoredHandlers(): void {
  handle('getStoredParts', async () => storedParts(STORED_PART_IDS));
  handle('clearStoredPart', async ({ part }) => {
    await clearPart(part);
    return storedParts(STORED_PART_IDS);
  });
}
