/**
 * PowerMTA regexes are PCRE written between slashes. We check what can be checked without a PCRE
 * engine: the closing slash, balanced groups and classes, and then compile with JavaScript's
 * engine. Constructs that only PCRE knows (possessive quantifiers, atomic groups, inline flags,
 * POSIX classes, \A \Z \z \Q…\E…) are never reported, since PowerMTA accepts them.
 */

export interface RegexProblem {
  message: string;
  /** Offset inside the pattern body where the problem was found, when known. */
  offset?: number;
}

const PCRE_ONLY = /\(\?>|\(\?[a-zA-Z-]*[:)]|\(\?#|\(\?P?<[A-Za-z]|\(\?\||\(\?R\)|\(\?\d|[*+?}]\+|\\[AZzGKQERhHvVX]|\[\[:|\\[pP][A-Za-z]|\\g|\\k/;

/** The body of `/body/`, or undefined when the text is not slash-delimited. */
export function regexBody(text: string): string | undefined {
  return text.length >= 2 && text.startsWith('/') && text.endsWith('/') ? text.slice(1, -1) : undefined;
}

export function checkRegexBody(body: string): RegexProblem | undefined {
  const structural = checkStructure(body);
  if (structural) return structural;
  if (PCRE_ONLY.test(body)) return undefined;
  try {
    new RegExp(body);
    return undefined;
  } catch (e) {
    const msg = (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '');
    return { message: msg };
  }
}

/** Balanced parentheses and brackets, honouring escapes and character classes. */
function checkStructure(body: string): RegexProblem | undefined {
  const opens: number[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '\\') {
      if (i + 1 >= body.length) return { message: 'the pattern ends with a lone backslash', offset: i };
      if (body[i + 1] === 'Q') {
        const end = body.indexOf('\\E', i + 2);
        i = end < 0 ? body.length : end + 2;
        continue;
      }
      i += 2;
      continue;
    }
    if (c === '[') {
      const start = i;
      i++;
      if (body[i] === '^') i++;
      if (body[i] === ']') i++;
      while (i < body.length && body[i] !== ']') {
        if (body[i] === '\\') i++;
        else if (body[i] === '[' && body[i + 1] === ':') {
          const end = body.indexOf(':]', i + 2);
          if (end > 0) i = end + 1;
        }
        i++;
      }
      if (i >= body.length) return { message: 'a character class `[` is never closed with `]`', offset: start };
      i++;
      continue;
    }
    if (c === '(') opens.push(i);
    else if (c === ')') {
      if (opens.length === 0) return { message: 'unmatched `)`', offset: i };
      opens.pop();
    }
    i++;
  }
  if (opens.length > 0) return { message: 'a group `(` is never closed with `)`', offset: opens[opens.length - 1] };
  return undefined;
}

/** A regex that matches everything or nearly everything (`//`, `/.*\/`, `/^/`). */
export function isCatchAll(body: string): boolean {
  return /^(?:\^?(?:\.\*|\.\+)?\$?|\^|\.\*)$/.test(body);
}
