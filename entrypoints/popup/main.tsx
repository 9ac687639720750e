import { render } from 'preact';
import { mountPopupPalette, paletteRequested } from '@/lib/palette/popup';
import { Popup } from './Popup';

const app = document.getElementById('app')!;
void paletteRequested().then((palette) => (palette ? mountPopupPalette(app) : render(<Popup />, app)));
