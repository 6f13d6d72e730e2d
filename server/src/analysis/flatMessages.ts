import type { Finding } from './types';

/**
 * Messages are built with template literals, which V8 keeps as trees of the pieces (rope strings):
 * about 280 bytes for a typical message instead of 130 once flat. An analysis keeps every finding,
 * and a hostile file has millions (1M lines with a problem on each took 1.5 GB). Reading a
 * character makes V8 flatten a rope in place and drop its pieces; nothing else changes.
 */
export function flattenMessages(findings: readonly Finding[]): void {
  for (const f of findings) f.message.charCodeAt(0);
}
