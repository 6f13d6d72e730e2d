// In-process timing of the core (model + analysis) on a generated configuration, for profiling
// with `node --cpu-prof --import tsx bench/profile-core.ts 20000`. Not part of `npm run bench`.
import { Analyzer } from '../server/src/analysis/analyzer';
import { getCatalog } from '../server/src/catalog/catalog';
import { PmtaDocument } from '../server/src/syntax/document';
// @ts-expect-error plain JavaScript module
import { editTarget, generateConfig } from './generate.mjs';

const size = Number(process.argv[2] ?? 20000);
const text: string = generateConfig(size);
const catalog = getCatalog();
const regexArg = (name: string) => catalog.regexArgIndex(name);
const t = editTarget(text);
const rounds = Number(process.argv[3] ?? 10);
for (let k = 0; k < rounds; k++) {
  const t0 = performance.now();
  const doc = new PmtaDocument(text, regexArg);
  const t1 = performance.now();
  const analyzer = new Analyzer(catalog);
  const a = analyzer.analyze(doc);
  const t2 = performance.now();
  const edits: number[] = [];
  for (let e = 0; e < 20; e++) {
    const e0 = performance.now();
    const nameEnd = t.start - 1;
    if (e % 2 === 0) doc.applyEdit({ startLine: t.line, startCharacter: nameEnd, endLine: t.line, endCharacter: nameEnd, text: 'x' });
    else doc.applyEdit({ startLine: t.line, startCharacter: nameEnd, endLine: t.line, endCharacter: nameEnd + 1, text: '' });
    analyzer.analyze(doc);
    edits.push(performance.now() - e0);
  }
  edits.sort((x, y) => x - y);
  console.log(`model ${(t1 - t0).toFixed(1)} ms, analysis ${(t2 - t1).toFixed(1)} ms (${a.findings.length} findings), edit median ${edits[10].toFixed(2)} ms max ${edits[19].toFixed(2)} ms`);
}
