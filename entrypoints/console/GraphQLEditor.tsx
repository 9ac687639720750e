import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { graphql, offsetToPos } from 'cm6-graphql';
import type { GraphQLSchema } from 'graphql';
import { getHoverInformation } from 'graphql-language-service';
import { useEffect, useRef } from 'preact/hooks';

/** Syntax colours from the design tokens, so the editor follows light and dark like the rest of the page. */
const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--kd-state-blocked)', fontWeight: '600' },
  { tag: [tags.propertyName, tags.definition(tags.variableName)], color: 'var(--kd-link)' },
  { tag: [tags.typeName, tags.className], color: 'var(--kd-state-failing)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--kd-state-passed)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--kd-state-running)' },
  { tag: [tags.variableName, tags.special(tags.variableName)], color: 'var(--kd-state-failed)' },
  { tag: tags.comment, color: 'var(--kd-muted)', fontStyle: 'italic' },
  { tag: tags.attributeName, color: 'var(--kd-state-blocked)' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '12px', border: '1px solid var(--kd-line-strong)', borderRadius: 'var(--kd-radius)' },
  '&.cm-focused': { outline: '2px solid var(--kd-accent)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'var(--kd-font-mono)', caretColor: 'var(--kd-fg)', minHeight: '220px' },
  '.cm-scroller': { fontFamily: 'var(--kd-font-mono)', maxHeight: '60vh', overflow: 'auto' },
  '.cm-gutters': { background: 'var(--kd-surface)', color: 'var(--kd-muted)', borderRight: '1px solid var(--kd-line)' },
  '.cm-activeLine, .cm-activeLineGutter': { background: 'var(--kd-hover)' },
  '.cm-tooltip': {
    background: 'var(--kd-bg)',
    color: 'var(--kd-fg)',
    border: '1px solid var(--kd-line-strong)',
    borderRadius: 'var(--kd-radius)',
    boxShadow: 'var(--kd-shadow)',
  },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { background: 'var(--kd-accent)', color: 'var(--kd-accent-fg)' },
  '.kd-hover-doc': { padding: '6px 8px', maxWidth: '420px', whiteSpace: 'pre-wrap', fontSize: '12px' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': { background: 'var(--kd-accent-subtle)' },
});

/** Hover docs: the type and description of the field, argument or type under the pointer (graphql-language-service). */
function hoverDocs(schema: GraphQLSchema) {
  return hoverTooltip((view, pos) => {
    const text = view.state.doc.toString();
    const info = getHoverInformation(schema, text, offsetToPos(view.state.doc, pos));
    const text_ = (part: string | { value: string }) => (typeof part === 'string' ? part : part.value);
    const content = Array.isArray(info) ? info.map(text_).join('\n\n') : text_(info);
    if (!content.trim()) return null;
    const word = view.state.wordAt(pos);
    return {
      pos: word?.from ?? pos,
      end: word?.to ?? pos,
      create() {
        const dom = document.createElement('div');
        dom.className = 'kd-hover-doc';
        dom.textContent = content.replace(/```graphql\n?|```/g, '').trim();
        return { dom };
      },
    };
  });
}

interface Props {
  value: string;
  onChange: (value: string) => void;
  onRun: () => void;
  schema: GraphQLSchema;
  label: string;
  describedBy?: string;
  /** "Show in docs" (Ctrl/⌘-click on a field or type) opens the docs drawer at that type. */
  onShowInDocs?: (type: string | undefined) => void;
}

/**
 * The console's query editor: CodeMirror 6 with GraphQL over the bundled Buildkite schema (completion, lint at line
 * and column, hover docs), line numbers, Ctrl/⌘+Enter to run. No bracket auto-closing: what you type is what is sent.
 * Tab is left to the browser (keyboard users leave the editor with it); Ctrl+Space opens completion.
 */
export function GraphQLEditor({ value, onChange, onRun, schema, label, describedBy, onShowInDocs }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, onRun, onShowInDocs });
  latest.current = { onChange, onRun, onShowInDocs };

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          autocompletion(),
          lintGutter(),
          syntaxHighlighting(highlight),
          keymap.of([
            { key: 'Mod-Enter', run: () => (latest.current.onRun(), true) },
            ...completionKeymap,
            ...defaultKeymap,
            ...historyKeymap,
          ]),
          graphql(schema, {
            onShowInDocs: (field, type, parentType) => latest.current.onShowInDocs?.(parentType ?? type ?? field),
          }),
          hoverDocs(schema),
          theme,
          EditorView.contentAttributes.of({
            'aria-label': label,
            'aria-multiline': 'true',
            role: 'textbox',
            ...(describedBy ? { 'aria-describedby': describedBy } : {}),
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
  }, [schema]);

  // Outside changes (a ready-made query, history replay) replace the document.
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div class="kd-editor" ref={host} />;
}
