"use client";

import { useState } from "react";
import { useHydrated } from "./use-hydrated";

/** Puts `text` on the clipboard, and says whether it did (some browsers refuse without HTTPS). */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const hydrated = useHydrated();
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setState("copied"),
      () => setState("failed"),
    );
  return (
    <button type="button" className="copy-code" onClick={copy} disabled={!hydrated} aria-live="polite">
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text" : label}
    </button>
  );
}

/**
 * For code in HTML this app renders from markdown (app/docs/docs.ts): each block carries a
 * hidden `[data-copy-code]` button; this shows them once scripts run and copies the block's
 * text on click. Without scripts the buttons stay hidden.
 */
export function CopyCodeButtons({ containerId }: { containerId: string }) {
  // A callback ref, not an effect: it runs when the sibling markup is in the document.
  const attach = (marker: HTMLSpanElement | null) => {
    const container = marker?.ownerDocument.getElementById(containerId);
    if (!container || container.dataset.copyReady) return;
    container.dataset.copyReady = "true";
    for (const button of container.querySelectorAll<HTMLButtonElement>("[data-copy-code]")) button.hidden = false;
    container.addEventListener("click", (event) => {
      const button = (event.target as Element | null)?.closest<HTMLButtonElement>("[data-copy-code]");
      const code = button?.closest(".code-block")?.querySelector("code")?.textContent;
      if (!button || code == null) return;
      navigator.clipboard.writeText(code).then(
        () => (button.textContent = "Copied"),
        () => (button.textContent = "Copy failed: select the text"),
      );
    });
  };
  return <span ref={attach} hidden />;
}
