// Messy configurations for properties over the features: pieces of the real corpus and of every
// rule's examples, with lines repeated, deleted, upper-cased, glued to comments, given trailing
// comments, indented with tabs, invisible and typographic characters and Markdown (backticks, a link, a tag, `*`,
// `_`, `|`) pasted in, a merge conflict left in, the shell here-document of an install script around
// it and a line of it written as that script's `echo`, CRLF line ends and a byte-order mark.
// Lines of CRLF files keep their \r, so a comment added after one, or CRLF line ends, make lone
// carriage returns: line breaks for LSP (VS Code normalises them away on load, other editors may not).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CODES } from '../../server/src/analysis/codes';

const CORPUS_DIR = join(__dirname, '..', 'corpus', 'real');
const CORPUS = readdirSync(CORPUS_DIR)
  .filter((f) => f !== 'SOURCES.tsv')
  .map((f) => readFileSync(join(CORPUS_DIR, f), 'utf8').split('\n'));
const EXAMPLES = Object.values(CODES).flatMap((c) => ('examples' in c && c.examples ? [c.examples.bad, c.examples.good] : []));

const lineIndex = fc.nat();
export const messyConfig: fc.Arbitrary<string> = fc
  .record({
    fromCorpus: fc.boolean(),
    piece: fc.nat(),
    start: fc.nat(),
    length: fc.integer({ min: 5, max: 60 }),
    example: fc.nat(),
    repeated: fc.array(lineIndex, { maxLength: 3 }),
    deleted: fc.array(lineIndex, { maxLength: 2 }),
    upperCased: fc.array(lineIndex, { maxLength: 3 }),
    glued: fc.array(lineIndex, { maxLength: 3 }),
    commented: fc.array(lineIndex, { maxLength: 3 }),
    pasted: fc.array(fc.tuple(lineIndex, fc.nat(), fc.constantFrom('\u00a0', '\u200b', '\u202e', '\u201c', '\u2013', '\t', '`', '``', '[x](http://e.com)', '<b>', '*', '_', '|', '\\')), { maxLength: 3 }),
    // A merge conflict left in: a run of lines, then the same run changed, between Git's markers.
    conflicts: fc.array(fc.record({ at: lineIndex, length: fc.nat(6), base: fc.boolean(), label: fc.constantFrom('', ' HEAD', ' feature/x (#12)') }), { maxLength: 1 }),
    // One in eight: copied out of an install script with the here-document that writes it.
    hereDoc: fc.integer({ min: 0, max: 7 }),
    echoed: fc.array(lineIndex, { maxLength: 1 }),
    tabs: fc.boolean(),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .map((m) => {
    let lines: string[];
    if (m.fromCorpus) {
      const file = CORPUS[m.piece % CORPUS.length];
      const start = m.start % Math.max(1, file.length - 5);
      lines = file.slice(start, start + m.length);
    } else lines = EXAMPLES[m.piece % EXAMPLES.length].split('\n');
    lines.push(...EXAMPLES[m.example % EXAMPLES.length].split('\n'));
    const at = (k: number) => k % lines.length;
    for (const k of m.repeated) lines.splice(at(k), 0, lines[at(k)]);
    for (const k of m.deleted) if (lines.length > 2) lines.splice(at(k), 1);
    for (const k of m.upperCased) lines[at(k)] = lines[at(k)].toUpperCase();
    for (const k of m.glued) if (lines[at(k)].trim() && !lines[at(k)].includes('#')) lines[at(k)] += '#x';
    for (const k of m.commented) lines[at(k)] += '   # note';
    for (const [k, c, ch] of m.pasted) {
      const line = lines[at(k)];
      const col = c % (line.length + 1);
      lines[at(k)] = line.slice(0, col) + ch + line.slice(col);
    }
    for (const c of m.conflicts) {
      const ours = lines.slice(at(c.at), at(c.at) + c.length);
      const theirs = ours.map((l, k) => (k % 2 ? l.toUpperCase() : l));
      const base = c.base ? ['||||||| base', ...ours.slice(1)] : [];
      lines.splice(at(c.at), ours.length, `<<<<<<<${c.label}`, ...ours, ...base, '=======', ...theirs, `>>>>>>>${c.label}`);
    }
    for (const k of m.echoed) lines[at(k)] = `echo "${lines[at(k)].replace(/["\\$`]/g, '\\$&')}" >> /etc/pmta/config`;
    if (m.hereDoc === 0) lines = ["cat > /etc/pmta/config <<'EOF'", ...lines, 'EOF'];
    if (m.tabs) lines = lines.map((l) => l.replace(/^ +/, '\t'));
    return (m.bom ? '\uFEFF' : '') + lines.join(m.crlf ? '\r\n' : '\n');
  });
