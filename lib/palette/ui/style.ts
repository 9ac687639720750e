import TOKENS from '../../../components/design/tokens.css?inline';

/** The palette's shadow-root styles: the shared design tokens (light and dark), then its own rules. */
export const PALETTE_STYLE = `${TOKENS}
:host { all: initial; }
.kd-overlay { position: fixed; inset: 0; z-index: 2147483600; contain: strict; background: rgb(0 0 0 / 0.3); display: flex;
  justify-content: center; align-items: flex-start; padding-top: 10vh; font: var(--kd-text-md)/var(--kd-leading) var(--kd-font); }
.kd-palette { width: min(640px, calc(100vw - 16px)); max-height: 76vh; display: flex; flex-direction: column;
  background: var(--kd-bg); color: var(--kd-fg); border: 1px solid var(--kd-line); border-radius: var(--kd-radius-lg);
  box-shadow: var(--kd-shadow); overflow: hidden; }
.kd-input { font: inherit; font-size: var(--kd-text-lg); border: 0; border-bottom: 1px solid var(--kd-line);
  padding: var(--kd-space-3); background: var(--kd-bg); color: var(--kd-fg); outline: none; }
.kd-input:focus-visible { box-shadow: inset 0 -2px 0 var(--kd-accent); }
.kd-status { margin: 0; padding: var(--kd-space-1) var(--kd-space-3); color: var(--kd-muted); font-size: var(--kd-text-sm); }
.kd-status:empty { display: none; }
.kd-list { list-style: none; margin: 0; padding: var(--kd-space-1); overflow-y: auto; }
.kd-option { display: grid; grid-template-columns: 1fr auto; gap: 2px var(--kd-space-2); padding: var(--kd-space-2);
  border-radius: var(--kd-radius); cursor: pointer; content-visibility: auto; contain-intrinsic-size: auto 3em; }
.kd-option[aria-selected=true] { background: var(--kd-surface); box-shadow: inset 3px 0 0 var(--kd-accent); }
.kd-option[aria-disabled=true] { cursor: default; }
.kd-title { overflow-wrap: anywhere; }
.kd-title mark { background: none; color: var(--kd-accent); font-weight: 700; }
.kd-detail { grid-column: 1 / -1; color: var(--kd-muted); font-size: var(--kd-text-sm); overflow-wrap: anywhere; }
.kd-chip { align-self: start; font-size: var(--kd-text-xs); border-radius: 999px; padding: 0 var(--kd-space-2);
  color: var(--kd-state-scheduled); background: var(--kd-state-scheduled-bg); white-space: nowrap; }
.kd-chip[data-state=passed] { color: var(--kd-state-passed); background: var(--kd-state-passed-bg); }
.kd-chip[data-state=failed] { color: var(--kd-state-failed); background: var(--kd-state-failed-bg); }
.kd-chip[data-state=failing] { color: var(--kd-state-failing); background: var(--kd-state-failing-bg); }
.kd-chip[data-state=running] { color: var(--kd-state-running); background: var(--kd-state-running-bg); }
.kd-chip[data-state=blocked] { color: var(--kd-state-blocked); background: var(--kd-state-blocked-bg); }
.kd-chip[data-state=canceled] { color: var(--kd-state-canceled); background: var(--kd-state-canceled-bg); }
.kd-chip[data-state=skipped] { color: var(--kd-state-skipped); background: var(--kd-state-skipped-bg); }
.kd-chip[data-kind=action] { color: var(--kd-muted); background: transparent; border: 1px solid var(--kd-line); }
.kd-hint { margin: 0; padding: var(--kd-space-1) var(--kd-space-3); border-top: 1px solid var(--kd-line);
  color: var(--kd-muted); font-size: var(--kd-text-xs); }
@media (max-width: 480px) { .kd-overlay { padding-top: var(--kd-space-2); } .kd-hint { display: none; } }
`;
