/** Styles of the quick actions inside the panel's shadow root (sections, job list, dialogs, forms). */
export const QUICK_ACTIONS_STYLE = `
.kd-section { display: grid; gap: 6px; border-top: 1px solid #e4e4ea; padding-top: 6px; }
.kd-section h3 { font-size: 12px; margin: 0; color: #5b5b66; font-weight: 600; }
.kd-buttons { display: flex; flex-wrap: wrap; gap: 4px; }
.kd-reason, .kd-hint { color: #5b5b66; font-size: 12px; margin: 0; }
.kd-feedback:empty { display: none; }
.kd-feedback[data-state=error] { color: #b3261e; }
.kd-feedback[data-state=success] { color: #1b6e34; }
.kd-jobs { list-style: none; margin: 0; padding: 0; display: grid; gap: 2px; }
.kd-jobs li { display: flex; gap: 6px; align-items: center; }
.kd-jobs .kd-job-label { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.kd-state { font-size: 11px; color: #5b5b66; }
button:disabled { opacity: .55; cursor: default; }
button.kd-primary { background: #3b5bdb; border-color: #3b5bdb; color: #fff; }
button.kd-danger { border-color: #b3261e; color: #b3261e; }
dialog { font: 13px/1.4 system-ui, sans-serif; color: #1b1b1f; background: #fff; border: 1px solid #c9c9d1;
  border-radius: 8px; padding: 12px 14px; width: min(460px, 92vw); max-height: 80vh; overflow: auto; }
dialog::backdrop { background: rgba(0,0,0,.25); }
dialog h2 { font-size: 15px; margin: 0 0 8px; }
dialog ul { margin: 4px 0; padding-left: 18px; }
.kd-field { display: grid; gap: 3px; margin: 6px 0; }
.kd-field label, .kd-field legend { font-weight: 600; }
.kd-field input[type=text], .kd-field textarea, .kd-field select, .kd-filter { font: inherit; padding: 4px 6px;
  border: 1px solid #c9c9d1; border-radius: 6px; box-sizing: border-box; width: 100%; }
.kd-invalid { color: #b3261e; font-size: 12px; margin: 0; }
.kd-warning { border: 1px solid #8a5100; color: #8a5100; border-radius: 6px; padding: 6px 8px; }
.kd-dialog-actions { display: flex; gap: 6px; justify-content: flex-end; margin-top: 10px; }
.kd-kv { display: grid; grid-template-columns: 1fr 1fr auto; gap: 4px; }
.kd-shortcuts { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 0; }
kbd { font-family: ui-monospace, monospace; border: 1px solid #c9c9d1; border-radius: 4px; padding: 0 4px; }
fieldset { border: 1px solid #e4e4ea; border-radius: 6px; margin: 6px 0; }
.kd-chip { font-size: 11px; border-radius: 9px; padding: 0 6px; background: #ececf1; color: #1b1b1f; white-space: nowrap; }
.kd-chip[data-state=running], .kd-chip[data-state=scheduled] { background: #fdf1d6; color: #7a4b00; }
.kd-chip[data-state=passed] { background: #dff3e4; color: #1b6e34; }
.kd-chip[data-state=failed], .kd-chip[data-state=failing] { background: #fbe0de; color: #b3261e; }
.kd-builds .kd-filter { width: auto; flex: 1; min-width: 0; }
progress { width: 100%; }
`;
