/** A configured lifetime for people, in its largest whole unit: "15 min", "30 d", "90 s". */
export function formatSeconds(seconds: number): string {
  if (seconds <= 0) return "0 s";
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
