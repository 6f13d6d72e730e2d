import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultSeverity } from '../../server/src/analysis/codes';
import { LineKind } from '../../server/src/syntax/scanner';
import { analyze, catalog, model } from '../helpers';
import { ALLOWLIST } from './allowlist';

const DIR = join(__dirname, 'real');
const INVENTED_FILE = 'expiren__ProxyPowermtaXOAUTH2__archive__pmta.cfg';
const FILES = readdirSync(DIR).filter((f) => f !== 'SOURCES.tsv');

/** LANGUAGE.md §18: names public files invent. They must be flagged, never learned. */
const INVENTED_NAMES = new Set([
  // will383842__cold_email-engine__powermta__config*
  'routing-file',
  'bounce-classification-file',
  'map-header-to-column',
  'domain-selection',
  'error-file',
  'acct-file',
  'dkim-key',
  'dkim-selector',
  'pattern',
  'category',
  // joedavid1688__pmta-zhanqun__conf__config
  'bounce-address',
]);

describe('real corpus', () => {
  it('has the 32 files of shared/corpus/real', () => {
    assert.equal(FILES.length, 32);
  });

  it('every directive used in a real file is in the catalogue (the invented names of LANGUAGE.md §18 excepted)', () => {
    const missing = new Set<string>();
    for (const file of FILES) {
      if (file === INVENTED_FILE) continue;
      const doc = model(readFileSync(join(DIR, file), 'utf8'));
      for (const info of doc.allInfos()) {
        if (info.kind === LineKind.Directive && info.name && !info.name.regex) {
          const name = info.name.text;
          // Pieces of a regex split over lines, template markup: not directive names.
          if (!/^([A-Za-z][A-Za-z0-9.-]*|\*)$/.test(name)) continue;
          if (catalog.directiveRows(name).length === 0 && !INVENTED_NAMES.has(name)) missing.add(`${file}: ${name}`);
        }
        if ((info.kind === LineKind.Open || info.kind === LineKind.Close) && info.tag) {
          const tag = info.tag.text;
          if (!catalog.block(tag) && !INVENTED_NAMES.has(tag)) missing.add(`${file}: <${tag}>`);
        }
      }
    }
    assert.deepEqual([...missing], []);
  });

  it('flags every invented name in the invented file, and each §18 name where it occurs', () => {
    const a = analyze(readFileSync(join(DIR, INVENTED_FILE), 'utf8'));
    const flagged = new Set(a.findings.filter((f) => f.code === 'unknown-directive' || f.code === 'unknown-block').map((f) => a.doc.info(f.line).name?.text ?? a.doc.info(f.line).tag?.text));
    for (const name of ['max-smtp-connections', 'use-dkim', 'dkim-signer-domain', 'relay-allowed', 'bounce-log', 'max-workers', 'queue-checkpoint-interval', 'record-all-bounces', 'route', 'policy', 'performance-settings', 'smtp-source']) {
      assert.ok(flagged.has(name), `${name} not flagged`);
    }
    const joe = analyze(readFileSync(join(DIR, 'joedavid1688__pmta-zhanqun__conf__config'), 'utf8'));
    assert.ok(joe.findings.some((f) => f.code === 'unknown-directive' && joe.doc.info(f.line).name?.text === 'bounce-address'));
  });

  it('gives no error-severity diagnostic on a real file beyond the reviewed allow-list', () => {
    const unexpected: string[] = [];
    const used = new Set<string>();
    for (const file of FILES) {
      if (file === INVENTED_FILE) continue;
      const a = analyze(readFileSync(join(DIR, file), 'utf8'));
      for (const f of a.findings) {
        if ((f.severity ?? defaultSeverity(f.code)) !== 'error') continue;
        const entry = ALLOWLIST.find((e) => e.file === file && e.code === f.code && e.lines.includes(f.line + 1));
        if (entry) used.add(`${file}|${f.code}|${f.line + 1}`);
        else unexpected.push(`${file}:${f.line + 1}: ${f.code}: ${f.message}`);
      }
    }
    assert.deepEqual(unexpected, []);
    const stale = ALLOWLIST.flatMap((e) => e.lines.filter((l) => !used.has(`${e.file}|${e.code}|${l}`)).map((l) => `${e.file}:${l} ${e.code}`));
    assert.deepEqual(stale, [], 'allow-list entries that no longer fire');
  });

  it('analyses the largest corpus file quickly and without crashing', () => {
    for (const file of FILES) {
      const text = readFileSync(join(DIR, file), 'utf8');
      const a = analyze(text);
      assert.equal(a.doc.lineCount, text.split(/\r\n|\r|\n/).length);
    }
  });
});
