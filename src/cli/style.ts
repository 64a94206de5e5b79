// Colour for terminal output. styleText decides from the stream: none when
// stdout is not a TTY, or NO_COLOR / NODE_DISABLE_COLORS / TERM=dumb is set;
// FORCE_COLOR forces it. One format per call: Node 20's styleText skips that
// check when given an array of formats.
import { styleText } from 'node:util';

export type Style = 'bold' | 'dim' | 'cyan' | 'yellow' | 'green' | 'red';

export function paint(style: Style, text: string): string {
  return styleText(style, text, { stream: process.stdout });
}
