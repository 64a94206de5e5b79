// Placeholder until the 'info' command lands (see issues); fails loudly.
import { UsageError } from './usage_error.js';

export async function main(_argv: string[]): Promise<number> {
  throw new UsageError("'info' is not implemented yet");
}
