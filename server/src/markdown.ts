/**
 * Text from a configuration (names, values, lines) put into Markdown (hovers, completion
 * documentation) so that it shows as written: no backtick in it can end its code span or fence, and
 * nothing in it becomes a link, emphasis or an HTML tag.
 */

/** The longest run of backticks in a text. */
function longestTicks(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * An inline code span showing `text` as written: fenced with more backticks than it holds, and
 * padded when it starts or ends with one (CommonMark strips one space on each side).
 */
export function inlineCode(text: string): string {
  const ticks = '`'.repeat(longestTicks(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return ticks + pad + text + pad + ticks;
}

/** A fenced code block that no line of the text (a ``` in a comment) can close early. */
export function codeBlock(text: string, language: string): string {
  const fence = '`'.repeat(Math.max(3, longestTicks(text) + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/**
 * Text shown as plain text in Markdown: every character Markdown could read as syntax is escaped,
 * `:` and `@` too (GitHub-flavoured Markdown, which VS Code renders, links bare URLs and addresses).
 */
export function plainText(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+\-.!|~&:@]/g, '\\$&');
}
