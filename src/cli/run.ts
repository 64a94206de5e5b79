// Placeholder until the 'run' command lands (see issues); fails loudly.
import { UsageError } from './usage_error.js';

export async function main(_argv: string[]): Promise<number> {
  throw new UsageError("'run' is not implemented yet");
}
