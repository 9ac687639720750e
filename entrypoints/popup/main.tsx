import { render } from 'preact';
import { mountPopupPalette, paletteRequested } from '@/lib/palette/popup';
import { Popup } from './Popup';
import { seedFromSnapshot } from './snapshot';

const app = document.getElementById('app')!;
// The palette check and the cached status/watch list are read together: the popup's first frame shows the cache.
void Promise.all([paletteRequested(), seedFromSnapshot()]).then(([palette]) =>
  palette ? mountPopupPalette(app) : render(<Popup />, app),
);
