// In-process timing of completion and hover at the bench's positions on a generated configuration,
// slowest first: `node --import tsx bench/profile-requests.ts 100000`. Not part of `npm run bench`.
import { Analyzer } from '../server/src/analysis/analyzer';
import { getCatalog } from '../server/src/catalog/catalog';
import { completion } from '../server/src/features/completion';
import { hover } from '../server/src/features/hover';
import { PmtaDocument } from '../server/src/syntax/document';
// @ts-expect-error plain JavaScript module
import { generateConfig } from './generate.mjs';

const size = Number(process.argv[2] ?? 100000);
const text: string = generateConfig(size);
const catalog = getCatalog();
const doc = new PmtaDocument(text, (name: string) => catalog.regexArgIndex(name));
const analysis = new Analyzer(catalog).analyze(doc);
const lines = text.split('\n');
const directiveLines: number[] = [];
for (let i = 0; i < lines.length; i++) if (/^\s+[a-z][a-z-]+ \S/.test(lines[i])) directiveLines.push(i);
const n = 200;
const indentOf = (s: string) => s.length - s.trimStart().length;
const times: { ms: number; what: string }[] = [];
for (let round = 0; round < 2; round++)
  for (let k = 0; k < n; k++) {
    const line = directiveLines[Math.floor(((k + 0.5) * directiveLines.length) / n)];
    const s = lines[line];
    const character = k % 2 === 0 ? indentOf(s) + 4 : s.replace(/\s+#.*$/, '').length;
    const t0 = performance.now();
    const list = completion(analysis, { line, character });
    const t1 = performance.now();
    hover(analysis, { line, character: indentOf(s) + 2 });
    const t2 = performance.now();
    if (round === 1) {
      times.push({ ms: t1 - t0, what: `completion ${line}:${character} ${s.trim().slice(0, 50)} (${list.items.length} items${list.isIncomplete ? ', incomplete' : ''})` });
      times.push({ ms: t2 - t1, what: `hover ${line} ${s.trim().slice(0, 50)}` });
    }
  }
times.sort((a, b) => b.ms - a.ms);
for (const t of times.slice(0, 15)) console.log(`${t.ms.toFixed(2)} ms  ${t.what}`);
