export interface Template {
  /** Stable id: 16 hex chars of a hash of the template text. */
  id: string;
  /** The message with variable parts masked as `<*>`. */
  text: string;
}

/** Masks the variable parts of a message (numbers, hex ids, UUIDs, addresses, times). */
export function templateOf(message: string): Template {
  return { id: '0', text: message };
}
