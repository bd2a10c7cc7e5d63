/** The rows of the README's measured table: which committed bench row each line shows. */
export interface ReadmeRow {
  suite: string;
  /** The row's exact name in bench/results/<suite>.json. */
  name: string;
  /** What the README calls it. */
  label: string;
  /** Append the row's notes (targets, seeds reached, ratios). */
  showNotes?: boolean;
}

export const README_ROWS: ReadmeRow[] = [
  { suite: 'server', name: 'answers/s, 32 concurrent labelers (claim + answer, durable before ack)', label: 'Labeling server, 32 labelers on a 5,000-query store with real clip payloads (claim + answer, durable before ack)' },
  { suite: 'server', name: 'answer latency p99, 32 labelers', label: 'Answer latency p99, 32 labelers' },
];
