import DOMPurify from 'dompurify';
import { useMemo } from 'preact/hooks';
import type { DigestAnnotation } from '@/lib/logs/digest';

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
  // An image the annotation's author left without alt text still says it is there (not its file name).
  if (node.tagName === 'IMG' && !node.hasAttribute('alt')) node.setAttribute('alt', 'Image without a description');
});

/**
 * A build annotation's HTML (rendered by Buildkite from the pipeline's Markdown/HTML: untrusted) through DOMPurify:
 * scripts, event handlers, forms, styles and frames are removed before it reaches the DOM. An article, not an aside:
 * it sits inside the page's main content (a complementary landmark must be top-level).
 */
export function Annotation({ annotation }: { annotation: DigestAnnotation }) {
  const html = useMemo(
    () =>
      DOMPurify.sanitize(annotation.html, {
        FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'object', 'embed'],
        FORBID_ATTR: ['style'],
      }),
    [annotation.html],
  );
  return (
    <article class={`kd-annotation kd-annotation-${annotation.style}`} aria-label={`Annotation ${annotation.context}`}>
      <p class="kd-muted">
        {annotation.style} · {annotation.context}
      </p>
      <div class="kd-annotation-body" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}
