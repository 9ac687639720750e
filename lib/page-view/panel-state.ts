import { storage } from '#imports';

/** The in-page panel's remembered layout (not secret): expanded or collapsed, and which corner it docks in. */
export interface PanelState {
  expanded: boolean;
  dock: 'left' | 'right';
}

export const DEFAULT_PANEL_STATE: PanelState = { expanded: false, dock: 'right' };

export const panelStateItem = storage.defineItem<PanelState>('local:panelState', { fallback: DEFAULT_PANEL_STATE });
