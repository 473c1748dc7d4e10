// timing keeps the page's start-up marks for the start-up benchmark: when navigation
// started, when the document had arrived, when the script began, when the first status was
// in hand and when the first screen was painted. The backend logs them with the first
// "shown" line (internal/startup); they are Unix times in milliseconds.

/** Marks are start-up marks by phase name. */
export type Marks = Record<string, number>;

const marks: Marks = {};
let sent = false;

/** mark records a phase now; only the first mark of each name counts. */
export function mark(name: string, perf: Performance = performance): void {
  if (!(name in marks)) marks[name] = perf.timeOrigin + perf.now();
}

/** takeMarks returns the marks once, with navigation's own (start, document arrived);
 * afterwards it returns {}, so that only the first screen reports them. */
export function takeMarks(perf: Performance = performance): Marks {
  if (sent) return {};
  sent = true;
  const out: Marks = { ...marks, nav: perf.timeOrigin };
  const doc = perf.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (doc && doc.responseEnd > 0) out.html = perf.timeOrigin + doc.responseEnd;
  return out;
}
