import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { effectiveSettings, expandMacroPattern, matchRank } from '../../server/src/analysis/effective';
import { effectiveJson, effectiveText } from '../../server/src/report/effective';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { analyzeConfig } from '../../server/src/analysis/includes/analyzeConfig';
import { analyze, catalog, cfg } from '../helpers';
import { memoryHost } from '../memoryHost';

const CONFIG = cfg(
  'domain-macro big gmail.com, googlemail.com',
  '<domain *>',
  '  max-smtp-out 20',
  '  bounce-after 3d',
  '  retry-after 10m',
  '</domain>',
  '<domain [*.]gmail.com>',
  '  max-smtp-out 10',
  '  max-msg-rate 500/h',
  '</domain>',
  '<domain $big>',
  '  max-msg-rate 400/h',
  '</domain>',
  '<domain gmail.com>',
  '  max-smtp-out 5',
  '</domain>',
  '<virtual-mta-pool pool1>',
  '  virtual-mta vmta1',
  '  <domain gmail.com>',
  '    retry-after 20m',
  '  </domain>',
  '</virtual-mta-pool>',
  '<virtual-mta vmta1>',
  '  smtp-source-host 203.0.113.5 mta1.example.com',
  '  <domain *>',
  '    bounce-after 1d',
  '  </domain>',
  '</virtual-mta>',
);

const value = (e: ReturnType<typeof effectiveSettings>, name: string) => e.values.find((v) => v.name === name);

describe('effective settings', () => {
  it('ranks patterns from general to specific, macros just below written names', () => {
    const none = new Map<string, string[]>();
    const macros = new Map([['big', ['gmail.com', 'googlemail.com']]]);
    assert.deepEqual(matchRank('*', 'gmail.com', none), [0, 0, 1]);
    assert.equal(matchRank('[*.]gmail.com', 'gmail.com', none)![0], 1);
    assert.equal(matchRank('[*.]gmail.com', 'mx.gmail.com', none)![0], 1);
    assert.equal(matchRank('*.gmail.com', 'gmail.com', none), undefined);
    assert.equal(matchRank('*.gmail.com', 'a.gmail.com', none)![0], 2);
    assert.deepEqual(matchRank('$big', 'gmail.com', macros), [3, 9, 0]);
    assert.deepEqual(matchRank('gmail.com', 'gmail.com', none), [3, 9, 1]);
    assert.deepEqual(expandMacroPattern('yahoo.$tld', new Map([['tld', ['com', 'fr']]])), ['yahoo.com', 'yahoo.fr']);
  });

  it('merges top-level blocks by specificity, each value with its source line', () => {
    const e = effectiveSettings([analyze(CONFIG)], catalog, 'gmail.com');
    assert.deepEqual(e.blocks.map((b) => b.pattern), ['*', '[*.]gmail.com', '$big', 'gmail.com']);
    assert.deepEqual([value(e, 'max-smtp-out')!.value, value(e, 'max-smtp-out')!.from!.line + 1], ['5', 15]);
    assert.deepEqual([value(e, 'max-msg-rate')!.value, value(e, 'max-msg-rate')!.from!.pattern], ['400/h', '$big']);
    assert.equal(value(e, 'bounce-after')!.value, '3d');
    assert.equal(value(e, 'dkim-sign')!.from, undefined, 'unset values fall back to the catalogue default');
    assert.equal(value(e, 'dkim-sign')!.value, catalog.directive('dkim-sign', 'domain')!.default);
  });

  it('applies the pool and then the virtual MTA on top of the top level', () => {
    const e = effectiveSettings([analyze(CONFIG)], catalog, 'gmail.com', 'vmta1');
    assert.deepEqual(e.blocks.map((b) => `${b.level}:${b.pattern}`), ['global:*', 'global:[*.]gmail.com', 'global:$big', 'global:gmail.com', 'pool:gmail.com', 'virtual-mta:*']);
    assert.equal(value(e, 'retry-after')!.value, '20m');
    assert.equal(value(e, 'bounce-after')!.value, '1d');
    assert.equal(value(e, 'max-smtp-out')!.value, '5');
  });

  it('says when the virtual MTA does not exist', () => {
    const e = effectiveSettings([analyze(CONFIG)], catalog, 'yahoo.com', 'nope');
    assert.match(e.notes[0], /No <virtual-mta nope>/);
    assert.deepEqual(e.blocks.map((b) => b.pattern), ['*']);
  });

  it('follows includes: a setting in an included file names that file', () => {
    const host = memoryHost({ '/p/config': 'include d.conf\n<domain *>\n  max-smtp-out 20\n</domain>\n', '/p/d.conf': '<domain yahoo.com>\n  max-smtp-out 2\n</domain>\n' });
    const r = analyzeConfig('/p/config', { host, analyzer: new Analyzer(catalog) })!;
    const e = effectiveSettings([...r.analyses.values()], catalog, 'yahoo.com');
    const name = (u: string | undefined) => u ?? '?';
    const json = effectiveJson(e, name) as any;
    assert.deepEqual(json.settings.find((s: any) => s.name === 'max-smtp-out').source, { file: '/p/d.conf', line: 2, block: '<domain yahoo.com>' });
    assert.match(effectiveText(e, name), /max-smtp-out\s+2\s+\/p\/d\.conf:2 <domain yahoo\.com>/);
  });
});
