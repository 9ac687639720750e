/** The browser keyboard command (manifest `commands`, re-bindable) and the message that opens the in-page palette. */
export const PALETTE_COMMAND = 'open-palette';
export const OPEN_PALETTE_MESSAGE = 'kd:open-palette';
/** storage.session key: the background asked the popup for its palette view (the command, outside Buildkite). */
export const PALETTE_REQUEST_KEY = 'paletteRequestedAt';
/** The palette's long-lived port to the background (`runtime.connect`): one per opening, queries on it. */
export const PALETTE_PORT = 'kd-palette';
