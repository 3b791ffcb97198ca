"use client";

/** Closes a sensitive action's password prompt without doing the action. */
export function CancelStepUp({ onCancel }: { onCancel: () => void }) {
  return <button type="button" className="secondary" onClick={onCancel}>Cancel</button>;
}
