import type { Component } from '../component.js';
import type { LogRecord } from '../model/record.js';

/**
 * Where tagged records go. `write` is synchronous and must not throw; a sink that buffers
 * reports `saturated` while it cannot take more, and the service stops draining the ingest
 * queue until it clears (so HTTP answers 503 and stdin pauses instead of anything being dropped).
 */
export interface RecordSink extends Component {
  write(records: LogRecord[]): void;
  readonly saturated: boolean;
  /** JSON lines a pipeline worker already serialised (what `write` would have written). */
  writeJsonLines?(lines: Uint8Array): void;
  /** Records a pipeline worker already put through this sink's export policy. */
  writeSelected?(records: LogRecord[]): void;
}
