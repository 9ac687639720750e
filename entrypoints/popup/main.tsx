import { render } from 'preact';
import { paletteRequested } from '@/lib/palette/popup-request';
import { Popup } from './Popup';
import { seedFromSnapshot } from './snapshot';

const app = document.getElementById('app')!;
// The palette check and the cached status/watch list are read together: the popup's first frame shows the cache.
void Promise.all([paletteRequested(), seedFromSnapshot()]).then(([palette]) =>
  // The palette's UI is loaded only when the popup opens as the palette.
  palette
    ? void import('@/lib/palette/popup').then(({ mountPopupPalette }) => mountPopupPalette(app))
    : render(<Popup />, app),
);
