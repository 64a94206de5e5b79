// Placeholder until the 'watch' command lands (see issues); fails loudly.
import { UsageError } from './usage_error.js';

export async function main(_argv: string[]): Promise<number> {
  throw new UsageError("'watch' is not implemented yet");
}
