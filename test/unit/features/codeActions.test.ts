import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-types';
import type { Finding } from '../../../server/src/analysis/types';
import { MECHANICAL_DEPRECATIONS, codeActions } from '../../../server/src/features/codeActions';
import { diagnosticsOf, toDiagnostic } from '../../../server/src/lsp/diagnostics';
import { analyze, catalog, cfg } from '../../helpers';
import { applyAsEditor, applyEdits, editsOf } from './edits';

const URI = 'file:///etc/pmta/config';
const FORMAT = { indent: 4, useTabs: false, alignValues: false };

/** The quick fixes offered for the diagnostics of `code` in `text`. */
function actions(text: string, code?: string): CodeAction[] {
  const a = analyze(text);
  const diags = diagnosticsOf(a, {}).filter((d) => !code || d.code === code);
  return codeActions(a, URI, diags, { format: FORMAT });
}

/** The actions offered for each diagnostic of the code asked alone, as an editor asks at the cursor. */
function actionsEach(text: string, code: string): CodeAction[][] {
  const a = analyze(text);
  return diagnosticsOf(a, {})
    .filter((d) => d.code === code)
    .map((d) => codeActions(a, URI, [d], { format: FORMAT }));
}

function titles(text: string, code?: string): string[] {
  return actions(text, code).map((a) => a.title);
}

/** The text after applying the action whose title matches. */
function fix(text: string, code: string, title: RegExp): string {
  const action = actions(text, code).find((a) => title.test(a.title));
  assert.ok(action, `no action ${title} among ${titles(text, code).join(' | ')}`);
  return applyEdits(text, editsOf(action.edit, URI));
}

function codesOf(text: string): string[] {
  return analyze(text).findings.map((f) => f.code);
}

describe('code actions: did you mean', () => {
  it('fixes a misspelled directive', () => {
    assert.equal(fix('<domain *>\n    max-smtp-ot 20\n</domain>\n', 'unknown-directive', /max-smtp-out/), '<domain *>\n    max-smtp-out 20\n</domain>\n');
  });

  it('fixes a misspelled block at both tags', () => {
    assert.equal(fix('<virtual-mta-pol p>\n</virtual-mta-pol>\n', 'unknown-block', /virtual-mta-pool/), '<virtual-mta-pool p>\n</virtual-mta-pool>\n');
  });

  it('fixes a misspelled reference', () => {
    const text = cfg('<virtual-mta mta-east>', '</virtual-mta>', '<virtual-mta-pool p>', '    virtual-mta mta-eats', '</virtual-mta-pool>');
    assert.equal(fix(text, 'undefined-reference', /Change to `mta-east`/), text.replace('mta-eats', 'mta-east'));
  });

  it('lower-cases a directive and both tags of a block', () => {
    assert.equal(fix('Pickup /var/pickup /var/bad\n', 'non-canonical-case', /lower case/), 'pickup /var/pickup /var/bad\n');
    assert.equal(fix('<Domain x>\n</Domain>\n', 'non-canonical-case', /lower case/), '<domain x>\n</domain>\n');
  });
});

describe('code actions: structure and syntax', () => {
  it('inserts the missing close tag at the end of the block, with the open tag indentation', () => {
    const out = fix('<domain x>\n    max-smtp-out 2\n\n', 'unclosed-block', /Insert `<\/domain>`/);
    assert.equal(out, '<domain x>\n    max-smtp-out 2\n</domain>\n\n');
    assert.deepEqual(codesOf(out), []);
    const nested = '<virtual-mta v>\n    <domain x>\n        max-smtp-out 2\n</virtual-mta>\n';
    assert.equal(fix(nested, 'unclosed-block', /<\/domain>/), '<virtual-mta v>\n    <domain x>\n        max-smtp-out 2\n    </domain>\n</virtual-mta>\n');
    assert.equal(fix('<domain x>\n    max-smtp-out 2', 'unclosed-block', /<\/domain>/), '<domain x>\n    max-smtp-out 2\n</domain>');
  });

  it('adds the `>` a tag line lacks, before a comment, and the block it then opens needs nothing else', () => {
    const text = '<domain x.example # slow\n    max-smtp-out 2\n</domain\n';
    const once = fix(text, 'malformed-tag', /Add `>`/);
    assert.equal(once, '<domain x.example> # slow\n    max-smtp-out 2\n</domain\n');
    const twice = fix(once, 'malformed-tag', /Add `>`/);
    assert.equal(twice, '<domain x.example> # slow\n    max-smtp-out 2\n</domain>\n');
    assert.deepEqual(codesOf(twice), []);
    assert.deepEqual(titles('<>\n', 'malformed-tag').filter((t) => /Add/.test(t)), [], 'a tag without a name gets no `>` fix');
  });

  it('removes a doubled `>` at the end of a tag, once, and offers nothing for a `>` inside the name', () => {
    assert.equal(fix('<virtual-mta v1 >>\n</virtual-mta>\n', 'malformed-tag', /Remove the extra `>`/), '<virtual-mta v1>\n</virtual-mta>\n');
    const closed = fix('<domain x.example>\n    max-smtp-out 2\n</domain>>\n', 'malformed-tag', /Remove the extra `>`/);
    assert.equal(closed, '<domain x.example>\n    max-smtp-out 2\n</domain>\n');
    assert.deepEqual(codesOf(closed), []);
    // `<domain gmail.com>>` is reported once, as a malformed tag, not also as an invalid domain.
    assert.deepEqual(codesOf('<domain gmail.com>>\n</domain>\n'), ['malformed-tag']);
    assert.deepEqual(titles('<address-list a>b>\n</address-list>\n', 'malformed-tag').filter((t) => /Remove/.test(t)), []);
  });

  it('attaches an unused smtp-pattern-list to <domain *>, indented like its settings; offers nothing without one', () => {
    const main = 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n';
    const lists = '<smtp-pattern-list common-errors>\n  reply /too many errors/ mode=backoff\n</smtp-pattern-list>\n';
    const text = main + lists + '<domain *>\n      max-smtp-out 20\n      backoff-to-normal-after 1h\n</domain>\n';
    const out = fix(text, 'unused-pattern-list', /Use it for every queue: `smtp-pattern-list common-errors` in `<domain \*>` \(line 8\)/);
    assert.equal(out, main + lists + '<domain *>\n      max-smtp-out 20\n      backoff-to-normal-after 1h\n      smtp-pattern-list common-errors\n</domain>\n');
    assert.deepEqual(codesOf(out), []);
    // A no-break space before a setting is part of its name for PowerMTA: not copied into the new line.
    const nbsp = main + lists + '<domain *>\n\u00a0  smtp-pattern-list common-errors\n</domain>\n';
    const fixed = fix(nbsp, 'unused-pattern-list', /Use it for every queue/);
    assert.equal(fixed, main + lists + '<domain *>\n\u00a0  smtp-pattern-list common-errors\nsmtp-pattern-list common-errors\n</domain>\n');
    assert.ok(!codesOf(fixed).includes('unused-pattern-list'));
    // A list whose name holds a blank cannot be named by one argument: no fix.
    const tabbed = main + lists.replace('common-errors', 'c\tommon-errors') + '<domain *>\n  max-smtp-out 20\n</domain>\n';
    assert.ok(codesOf(tabbed).includes('unused-pattern-list'));
    assert.deepEqual(titles(tabbed, 'unused-pattern-list').filter((t) => /Use it/.test(t)), []);
    assert.deepEqual(titles(main + lists + '<domain gmail.com>\n  max-smtp-out 10\n</domain>\n', 'unused-pattern-list').filter((t) => /Use it/.test(t)), []);
    assert.deepEqual(titles(main + '<pattern-list p>\n  mail-from /x/ virtual-mta=v\n</pattern-list>\n<domain *>\n</domain>\n<virtual-mta v>\n  smtp-source-host 203.0.113.5 v.example.com\n</virtual-mta>\n', 'unused-pattern-list').filter((t) => /Use it/.test(t)), []);
  });

  it('removes a `;` terminator and rewrites `key = value`', () => {
    assert.equal(fix('<domain x>\n    max-smtp-out 20;\n</domain>\n', 'foreign-syntax', /Remove/), '<domain x>\n    max-smtp-out 20\n</domain>\n');
    assert.equal(fix('postmaster = admin@example.com;\n', 'foreign-syntax', /Rewrite/), 'postmaster admin@example.com\n');
  });
});

describe('code actions: deprecated and guide-dialect names', () => {
  it('replaces deprecated names whose replacement means the same, converting the value', () => {
    assert.equal(fix('<domain x>\n    max-msg-per-hour 500\n</domain>\n', 'deprecated-directive', /max-msg-rate 500\/h/), '<domain x>\n    max-msg-rate 500/h\n</domain>\n');
    assert.equal(fix('<domain x>\n    delivery-priority 60\n</domain>\n', 'deprecated-directive', /queue-priority/), '<domain x>\n    queue-priority 60\n</domain>\n');
    // DomainKeys and DKIM are different mechanisms: no mechanical fix.
    assert.ok(!titles('<domain x>\n    dk-sign yes\n</domain>\n', 'deprecated-directive').some((t) => t.startsWith('Replace')));
  });

  it('keeps its table of mechanical replacements in line with the catalogue', () => {
    for (const name of Object.keys(MECHANICAL_DEPRECATIONS)) {
      const entry = catalog.directiveRows(name)[0];
      assert.equal(entry?.deprecated, 'deprecated', name);
      assert.ok(entry.replacement && entry.scopes.every((s) => catalog.allows(s, entry.replacement!)), name);
    }
  });

  it('rewrites guide-dialect names to the documented form', () => {
    assert.equal(fix('<domain x>\n    backoff-retry-interval 30m\n</domain>\n', 'guide-dialect', /backoff-retry-after/), '<domain x>\n    backoff-retry-after 30m\n</domain>\n');
    assert.equal(fix('<source 10/8>\n    allow-relay yes\n</source>\n', 'guide-dialect', /always-allow-relaying/), '<source 10/8>\n    always-allow-relaying yes\n</source>\n');
    assert.equal(fix('<source *>\n</source>\n', 'guide-dialect', /0\/0/), '<source 0/0>\n</source>\n');
    assert.deepEqual(titles('statistics-interval 30\n', 'guide-dialect').filter((t) => !t.startsWith('Suppress')), []);
  });

  it('turns backoff-trigger-pattern lines into a new smtp-pattern-list the domain references', () => {
    const text = cfg('<domain gmail.com>', '    max-smtp-out 5', '    backoff-trigger-pattern /421 too many/  # gmail', '    backoff-trigger-pattern /rate limit/', '</domain>');
    const out = fix(text, 'guide-dialect', /new <smtp-pattern-list gmail\.com-backoff>/);
    assert.equal(
      out,
      cfg(
        '<smtp-pattern-list gmail.com-backoff>',
        '    reply /421 too many/ mode=backoff # gmail',
        '    reply /rate limit/ mode=backoff',
        '</smtp-pattern-list>',
        '',
        '<domain gmail.com>',
        '    max-smtp-out 5',
        '    smtp-pattern-list gmail.com-backoff',
        '</domain>',
      ),
    );
    // The rules now back off with no way back to normal: the operator is told to choose when.
    assert.deepEqual(codesOf(out), ['backoff-never-returns']);
  });

  it('appends the rules to the list the domain already references', () => {
    const text = cfg(
      '<smtp-pattern-list blocking>',
      '    reply /421/ mode=backoff',
      '</smtp-pattern-list>',
      '<virtual-mta v>',
      '    <domain *>',
      '        smtp-pattern-list blocking',
      '        backoff-trigger-pattern /too many connections/',
      '    </domain>',
      '</virtual-mta>',
    );
    const out = fix(text, 'guide-dialect', /into <smtp-pattern-list blocking>/);
    assert.equal(
      out,
      cfg(
        '<smtp-pattern-list blocking>',
        '    reply /421/ mode=backoff',
        '    reply /too many connections/ mode=backoff',
        '</smtp-pattern-list>',
        '<virtual-mta v>',
        '    <domain *>',
        '        smtp-pattern-list blocking',
        '    </domain>',
        '</virtual-mta>',
      ),
    );
  });

  it('picks a list name that is not taken', () => {
    const text = cfg('<smtp-pattern-list default-backoff>', '</smtp-pattern-list>', '<domain *>', '    backoff-trigger-pattern /x/', '</domain>');
    assert.match(fix(text, 'guide-dialect', /new/), /<smtp-pattern-list default-backoff-2>/);
  });
});

describe('code actions: missing virtual MTA', () => {
  it('creates the virtual MTA a pool names, with placeholders that stay flagged until filled in', () => {
    const text = cfg('<virtual-mta-pool p>', '    virtual-mta mta9', '</virtual-mta-pool>');
    const out = fix(text, 'undefined-reference', /Create virtual MTA `mta9`/);
    assert.equal(out, cfg('<virtual-mta mta9>', '    smtp-source-host IP-OR-CIDR HOST-NAME', '</virtual-mta>', '', '<virtual-mta-pool p>', '    virtual-mta mta9', '</virtual-mta-pool>'));
    const left = analyze(out).findings;
    assert.ok(!left.some((f) => f.code === 'undefined-reference'));
    assert.ok(left.some((f) => f.code === 'invalid-value' && f.line === 1), 'the IP placeholder must be reported');
  });

  it('does not offer it for other kinds of names', () => {
    assert.ok(!titles('<domain x>\n    smtp-pattern-list nope\n</domain>\n', 'undefined-reference').some((t) => t.startsWith('Create')));
  });
});

describe('code actions: a domain-macro whose list is on the next line', () => {
  it('joins the list to the macro line (a list continues on the next line only after a comma)', () => {
    const text = 'domain-macro orange\norange.fr,wanadoo.fr\ndomain-macro yahoo \n  yahoo.com, ymail.com\n';
    const once = fix(text, 'missing-value', /^Join the domain list on line 2 to `domain-macro orange`$/);
    assert.equal(once, 'domain-macro orange orange.fr,wanadoo.fr\ndomain-macro yahoo \n  yahoo.com, ymail.com\n');
    const both = fix(once, 'missing-value', /^Join the domain list on line 3 to `domain-macro yahoo`$/);
    assert.equal(both, 'domain-macro orange orange.fr,wanadoo.fr\ndomain-macro yahoo yahoo.com, ymail.com\n');
    assert.deepEqual(codesOf(both), []);
  });

  it('is not offered when the next line is a directive, has a comment or ends with a comma, or the macro line has a comment', () => {
    for (const text of ['domain-macro m\nmax-smtp-out 5\n', 'domain-macro m\na.com,b.com # list\n', 'domain-macro m # list below\na.com,b.com\n', 'domain-macro m\na.com,b.com,\nmax-smtp-out 5\n', 'domain-macro m\n']) {
      assert.ok(!titles(text, 'missing-value').some((t) => t.startsWith('Join')), JSON.stringify(text));
    }
  });
});

describe('code actions: suppression comments', () => {
  it('offers a comment above and one on the line, for any diagnostic', () => {
    const text = 'http-access 0/0 admin\n';
    assert.equal(fix(text, 'public-admin-access', /comment above/), '# pmta-lint: disable-next-line=public-admin-access\nhttp-access 0/0 admin\n');
    assert.equal(fix(text, 'public-admin-access', /on this line/), 'http-access 0/0 admin  # pmta-lint: disable=public-admin-access\n');
    for (const out of [fix(text, 'public-admin-access', /comment above/), fix(text, 'public-admin-access', /on this line/)]) {
      assert.ok(!codesOf(out).includes('public-admin-access'));
    }
  });

  it('extends an existing suppression comment instead of adding another', () => {
    const text = '<domain x>\n    # pmta-lint: disable-next-line=unitless-duration\n    max-smtp-ot 2\n</domain>\n';
    const out = fix(text, 'unknown-directive', /comment above/);
    assert.equal(out, '<domain x>\n    # pmta-lint: disable-next-line=unitless-duration,unknown-directive\n    max-smtp-ot 2\n</domain>\n');
    assert.deepEqual(codesOf(out), []);
    const trailing = 'http-access 0/0 admin # keep for now\n';
    assert.equal(fix(trailing, 'public-admin-access', /on this line/), 'http-access 0/0 admin # keep for now pmta-lint: disable=public-admin-access\n');
    // After the last code of a list with blanks around its codes and a comma after them.
    const spaced = '# pmta-lint: disable-next-line = unitless-duration ,  \nmax-smtp-ot 2\n';
    assert.equal(fix(spaced, 'unknown-directive', /comment above/), '# pmta-lint: disable-next-line = unitless-duration,unknown-directive ,  \nmax-smtp-ot 2\n');
  });

  it('offers only the comment above on a template line or a conflict marker, where a `#` starts no comment', () => {
    for (const [text, code] of [['postmaster a@b.com\n{{#each ips}}\n', 'template-placeholder'], ['postmaster a@b.com\n=======\n', 'merge-conflict-marker']]) {
      assert.deepEqual(titles(text, code).filter((t) => t.startsWith('Suppress')), [`Suppress \`${code}\` with a comment above this line`]);
      assert.ok(!codesOf(fix(text, code, /comment above/)).includes(code));
    }
  });

  it('never puts a comment line inside a continued list', () => {
    const text = 'domain-macro m a.com,\n    b..com\n';
    const f: Finding = { code: 'invalid-value', message: 'x', line: 1, start: 4, end: 10 };
    const got = codeActions(analyze(text), URI, [toDiagnostic(f, 'error')], { format: FORMAT }).map((a) => a.title);
    assert.deepEqual(got, ['Suppress `invalid-value` on this line']);
  });

  it('applies a finding’s generic data.fix', () => {
    // A rule's finding as the client sends it back (no such rule exists yet in the analysis).
    const f: Finding = {
      code: 'invalid-value',
      message: 'x',
      line: 0,
      start: 13,
      end: 15,
      data: { fix: { title: 'Use 20', edits: [{ line: 0, start: 13, end: 15, newText: '20' }] } },
    };
    const a = analyze('max-smtp-out 99\n');
    const action = codeActions(a, URI, [toDiagnostic(f, 'error')], { format: FORMAT }).find((x) => x.title === 'Use 20');
    assert.ok(action);
    assert.equal(applyEdits('max-smtp-out 99\n', editsOf(action.edit, URI)), 'max-smtp-out 20\n');
  });

  it('answers nothing for other sources or when the client wants other kinds', () => {
    const a = analyze('max-smtp-ot 1\n');
    const d = diagnosticsOf(a, {});
    assert.deepEqual(codeActions(a, URI, [{ ...d[0], source: 'other' }], { format: FORMAT }), []);
    assert.deepEqual(codeActions(a, URI, d, { format: FORMAT, only: ['refactor'] }), []);
  });
});

describe('code actions: merge conflicts', () => {
  const CONFLICT = cfg('<domain x>', '<<<<<<< HEAD', '    max-smtp-out 10', '=======', '    max-smtp-out 20', '    max-msg-rate 5/m', '>>>>>>> raise-limit', '</domain>');

  it('keeps the first side, the second or both, from any of the three markers, with the markers gone', () => {
    for (const marker of [1, 3, 6]) {
      const text = CONFLICT;
      const only = (title: RegExp) => {
        const action = actions(text, 'merge-conflict-marker').find((a) => a.diagnostics?.[0].range.start.line === marker && title.test(a.title));
        assert.ok(action, `no ${title} on line ${marker + 1}`);
        return applyEdits(text, editsOf(action.edit, URI));
      };
      assert.equal(only(/keep the first side \(`HEAD`\)/), cfg('<domain x>', '    max-smtp-out 10', '</domain>'));
      assert.equal(only(/keep the second side \(`raise-limit`\)/), cfg('<domain x>', '    max-smtp-out 20', '    max-msg-rate 5/m', '</domain>'));
      assert.equal(only(/keep both sides/), cfg('<domain x>', '    max-smtp-out 10', '    max-smtp-out 20', '    max-msg-rate 5/m', '</domain>'));
    }
    assert.deepEqual(codesOf(fix(CONFLICT, 'merge-conflict-marker', /second side/)), []);
  });

  it('leaves out the lines before either change (diff3 style), and resolves only the conflict of the marker', () => {
    const text = cfg('<<<<<<< ours', 'postmaster a@b.com', '||||||| base', 'postmaster old@b.com', '=======', 'postmaster c@d.com', '>>>>>>> theirs', '<<<<<<< ours', 'run-as-root no', '=======', 'run-as-root yes', '>>>>>>> theirs');
    assert.equal(fix(text, 'merge-conflict-marker', /first side \(`ours`\)/), cfg('postmaster a@b.com', '<<<<<<< ours', 'run-as-root no', '=======', 'run-as-root yes', '>>>>>>> theirs'));
    assert.equal(fix(text, 'merge-conflict-marker', /keep both/), cfg('postmaster a@b.com', 'postmaster c@d.com', '<<<<<<< ours', 'run-as-root no', '=======', 'run-as-root yes', '>>>>>>> theirs'));
  });

  it('keeps each line break as it was, and a file that ends in the conflict without a line break ends so after it', () => {
    const crlf = '<domain x>\r\n<<<<<<< HEAD\r\n    max-smtp-out 10\r\n=======\r\n    max-smtp-out 20\r\n>>>>>>> b\r\n</domain>\r\n';
    const action = actions(crlf, 'merge-conflict-marker').find((a) => /second side/.test(a.title))!;
    assert.equal(applyAsEditor(crlf, editsOf(action.edit, URI)), '<domain x>\r\n    max-smtp-out 20\r\n</domain>\r\n');
    const atEnd = 'postmaster a@b.com\n<<<<<<< HEAD\nrun-as-root no\n=======\n>>>>>>> b';
    const keep = (title: RegExp) => applyAsEditor(atEnd, editsOf(actions(atEnd, 'merge-conflict-marker').find((a) => title.test(a.title))!.edit, URI));
    assert.equal(keep(/first side/), 'postmaster a@b.com\nrun-as-root no');
    assert.equal(keep(/second side/), 'postmaster a@b.com');
    assert.equal(applyAsEditor('<<<<<<< a\n=======\n>>>>>>> b', editsOf(actions('<<<<<<< a\n=======\n>>>>>>> b', 'merge-conflict-marker')[0].edit, URI)), '');
  });

  it('offers no side to keep where the markers do not make one conflict', () => {
    const resolving = (text: string) => titles(text, 'merge-conflict-marker').filter((t) => t.startsWith('Resolve'));
    assert.deepEqual(resolving(cfg('<<<<<<< HEAD', 'run-as-root no', '>>>>>>> b')), []);
    assert.deepEqual(resolving(cfg('<<<<<<< HEAD', '=======', '=======', '>>>>>>> b')), []);
    // A start marker pasted twice: the second begins a whole conflict, offered from its three markers; the first none.
    const twice = cfg('<<<<<<< HEAD', '<<<<<<< HEAD', '=======', '>>>>>>> b');
    const onLine = (line: number) => actions(twice, 'merge-conflict-marker').filter((a) => a.title.startsWith('Resolve') && a.diagnostics?.[0].range.start.line === line).length;
    assert.deepEqual([0, 1, 2, 3].map(onLine), [0, 3, 3, 3]);
    assert.deepEqual(resolving(cfg('=======', '>>>>>>> b', '<<<<<<< a')), []);
    // A suppression comment is still offered for every marker.
    assert.ok(titles(cfg('=======')).some((t) => /merge-conflict-marker/.test(t)));
  });
});

describe('code actions: tags escaped for HTML', () => {
  it('decode every escaped tag line of the file at once (one by one, the first would open a block the next does not close)', () => {
    const text = cfg('&lt;domain gmail.com&gt; # from the wiki', '  max-smtp-out 10', '&lt;/domain&gt;', '&LT;virtual-mta v1&GT;', '  smtp-source-host 198.51.100.10 mta1.example.com', '&lt;/virtual-mta&gt;');
    const out = fix(text, 'foreign-syntax', /^Write the characters the HTML entities stand for \(4 tag lines\)$/);
    assert.equal(out, cfg('<domain gmail.com> # from the wiki', '  max-smtp-out 10', '</domain>', '<virtual-mta v1>', '  smtp-source-host 198.51.100.10 mta1.example.com', '</virtual-mta>'));
    assert.deepEqual(codesOf(out), []);
    // The same edits from any of the four lines' diagnostics, asked alone; once when asked together.
    const edits = actionsEach(text, 'foreign-syntax').flatMap((each) => each.filter((a) => a.title.startsWith('Write the characters')).map((a) => JSON.stringify(editsOf(a.edit, URI))));
    assert.equal(edits.length, 4);
    assert.equal(new Set(edits).size, 1);
    assert.equal(actions(text, 'foreign-syntax').filter((a) => a.title.startsWith('Write the characters')).length, 1);
  });
});

describe('code actions: lines of an install script', () => {
  it('clean up every line of the script at once, besides each line\'s own fix (one by one, an echoed tag opens a block the next echo closes)', () => {
    const text = cfg(
      "cat > /etc/pmta/config <<'EOF'",
      'postmaster ops@example.com',
      'EOF',
      'echo "<virtual-mta v1>" >> /etc/pmta/config',
      'echo "  smtp-source-host 198.51.100.10 mta1.example.com" >> /etc/pmta/config',
      'echo "</virtual-mta>" >> /etc/pmta/config',
      'echo -e "# made by\\n# the script" >> /etc/pmta/config',
    );
    const out = fix(text, 'foreign-syntax', /^Clean up all 5 lines of the install script/);
    assert.equal(out, cfg('', 'postmaster ops@example.com', '', '<virtual-mta v1>', '  smtp-source-host 198.51.100.10 mta1.example.com', '</virtual-mta>', 'echo -e "# made by\\n# the script" >> /etc/pmta/config'));
    // The same edits from the diagnostic of each line that has a fix of its own, asked alone (the
    // last line has none, and is left); once when asked together.
    const all = actionsEach(text, 'foreign-syntax').flatMap((each) => each.filter((a) => a.title.startsWith('Clean up')));
    assert.equal(all.length, 5);
    assert.equal(new Set(all.map((a) => JSON.stringify(editsOf(a.edit, URI)))).size, 1);
    assert.equal(actions(text, 'foreign-syntax').filter((a) => a.title.startsWith('Clean up')).length, 1);
    assert.equal(actions(text, 'foreign-syntax').filter((a) => a.title === 'Write the line the echo writes').length, 3);
  });

  it('offer no clean-up of the whole script for one line', () => {
    const titles = actions(cfg('postmaster ops@example.com', 'echo "http-access 127.0.0.1 admin" >> /etc/pmta/config'), 'foreign-syntax').map((a) => a.title).filter((t) => !t.startsWith('Suppress'));
    assert.deepEqual(titles, ['Write the line the echo writes']);
  });
});
