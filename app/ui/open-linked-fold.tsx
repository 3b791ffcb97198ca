"use client";

/**
 * A link to an anchor inside a folded block (/docs/benchmarks#cookie-bytes: a results table,
 * app/docs/docs.ts; /jwt/dashboard#dpop: the fold itself) opens that <details> and brings the
 * anchor into view: on arrival and on each #anchor link followed on the page. Mounted once, by
 * the root layout, for everything in `containerId`. Without scripts, the anchor (its summary)
 * is still where the link lands, folded.
 */
export function OpenLinkedFold({ containerId }: { containerId: string }) {
  // A callback ref, not an effect: it runs when the sibling markup is in the document.
  const attach = (marker: HTMLSpanElement | null) => {
    const doc = marker?.ownerDocument;
    const container = doc?.getElementById(containerId);
    if (!doc || !container || container.dataset.foldReady) return;
    container.dataset.foldReady = "true";
    const open = () => {
      const id = decodeURIComponent(doc.location.hash.slice(1));
      const target = id ? doc.getElementById(id) : null;
      const fold = target && container.contains(target) ? target.closest("details") : null;
      if (!target || !fold || fold.open) return;
      fold.open = true;
      target.scrollIntoView();
    };
    open();
    doc.defaultView?.addEventListener("hashchange", open);
  };
  return <span ref={attach} hidden />;
}
