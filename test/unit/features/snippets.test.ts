import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CODES, defaultSeverity } from '../../../server/src/analysis/codes';
import { effectiveSeverity } from '../../../server/src/analysis/severity';
import { SNIPPETS, expandSnippet, snippetFits } from '../../../server/src/features/snippets';
import { analyze, catalog } from '../../helpers';

const FILE = join(__dirname, '..', '..', '..', 'snippets', 'powermta.json');

describe('snippets/powermta.json', () => {
  it('is a VS Code snippet file: every entry has a prefix, a body and a description', () => {
    const raw = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, any>;
    assert.ok(Object.keys(raw).length >= 12);
    for (const [name, s] of Object.entries(raw)) {
      assert.ok(typeof s.prefix === 'string' || (Array.isArray(s.prefix) && s.prefix.length > 0), name);
      assert.ok(Array.isArray(s.body) && s.body.length > 0, name);
      assert.equal(typeof s.description, 'string', name);
    }
  });

  it('has unique prefixes', () => {
    const all = SNIPPETS.flatMap((s) => s.prefixes);
    assert.equal(new Set(all).size, all.length);
  });

  it('covers what the issue asks for', () => {
    const bodies = SNIPPETS.map((s) => expandSnippet(s.body)).join('\n');
    for (const needle of [
      /<virtual-mta mta1>\n\tsmtp-source-host \S+ \S+\n\tdomain-key /,
      /<virtual-mta-pool /,
      /<domain gmail\.com>/,
      /reply \/too many connections\/ mode=backoff/,
      /backoff-to-normal-after/,
      /dkim-sign yes/,
      /records b, rb, f/,
      /<bounce-processor>/,
      /<feedback-loop-processor>/,
      /<source 0\/0>/,
      /http-access 127\.0\.0\.1 admin/,
    ]) assert.match(bodies, needle);
  });

  it('expands placeholders to their defaults, mirrors included', () => {
    assert.equal(expandSnippet('a ${1:x} ${2|p,q|} $1 \\$m $0'), 'a x p x $m ');
  });

  it('every snippet, expanded, is clean PowerMTA (no error or warning)', () => {
    for (const s of SNIPPETS) {
      const a = analyze(expandSnippet(s.body).replace(/\t/g, '    ') + '\n');
      // A pool lists virtual MTAs defined elsewhere in the file: only that may be unresolved here.
      const isPool = /^<virtual-mta-pool /.test(s.body);
      const bad = a.findings.filter((f) => {
        if (isPool && f.code === 'undefined-reference' && (f.data?.kinds as string[]).includes('virtual-mta')) return false;
        // A snippet is a fragment: settings a whole configuration must have are not its business.
        if (CODES[f.code as keyof typeof CODES]?.group === 'required') return false;
        const sev = effectiveSeverity(f, {}) ?? defaultSeverity(f.code);
        return sev === 'error' || sev === 'warning';
      });
      assert.deepEqual(bad.map((f) => `${s.name}: ${f.code} ${f.message}`), []);
    }
  });

  it('every snippet fits somewhere, and block snippets fit where their block is allowed', () => {
    for (const s of SNIPPETS) assert.ok(['global', 'domain', 'virtual-mta'].some((scope) => snippetFits(catalog, s, scope)), s.name);
    const vmta = SNIPPETS.find((s) => s.prefixes.includes('vmta'))!;
    assert.equal(snippetFits(catalog, vmta, 'global'), true);
    assert.equal(snippetFits(catalog, vmta, 'domain'), false);
  });
});
