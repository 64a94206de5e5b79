// Placeholder until the 'mask' command lands (see issues); fails loudly.
import { UsageError } from './usage_error.js';

export async function main(_argv: string[]): Promise<number> {
  throw new UsageError("'mask' is not implemented yet");
}
