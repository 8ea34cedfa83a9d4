/**
 * Lifecycle shared by sources, stages and sinks. The service starts downstream first and stops
 * upstream first, so every component drains into one that is still running. `stop()` must be
 * safe to call twice and safe without `start()`.
 */
export interface Component {
  readonly name: string;
  start(): Promise<void>;
  /** Push out whatever is buffered without stopping. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}
