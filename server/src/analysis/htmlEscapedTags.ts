/**
 * Tags escaped for HTML (`&lt;domain gmail.com&gt;`), as a forum post or a wiki page's source shows
 * a configuration: copied from there, PowerMTA reads each tag line as a directive it does not know.
 * `foreign-syntax` reports such a line, and its quick fix decodes every such line of the file at
 * once (fixed one by one, the first would open a block the next still fails to close).
 */

/** The named entities decoded (numeric ones hold a `#`, which starts a comment, so none are read). */
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'", '&nbsp;': ' ' };
const ENTITY = /&(?:lt|gt|amp|quot|apos|nbsp);/gi;

/** Whether a directive name is an escaped tag's start (`&lt;domain`, `&lt;/domain`). */
export function isHtmlEscapedTag(name: string): boolean {
  return /^&lt;/i.test(name);
}

export function decodeHtmlEntities(text: string): string {
  return text.replace(ENTITY, (e) => ENTITIES[e.toLowerCase()]);
}
