/** A configured lifetime for people, in its largest whole unit: "15 min", "30 d", "90 s". */
export function formatSeconds(seconds: number): string {
  if (seconds <= 0) return "0 s";
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** A time left, for people: exact when whole ("7 d"), else about its largest unit ("about 7 d", "about 3 min"). */
export function aboutSeconds(seconds: number): string {
  const exact = formatSeconds(seconds);
  if (seconds < 60 || !exact.endsWith(" s")) return exact;
  // The largest unit it nearly fills (3,599 s is about 1 h, not about 60 min).
  const [size, unit] = seconds >= 0.95 * 86400 ? [86400, "d"] : seconds >= 0.95 * 3600 ? [3600, "h"] : [60, "min"];
  return `about ${Math.round(seconds / size)} ${unit}`;
}
