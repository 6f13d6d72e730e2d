import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { hover } from '../../../server/src/features/hover';
import { marked } from 'marked';
import { analyze, cfg, cursor } from '../../helpers';

function hoverText(marked: string): string | undefined {
  const { text, line, character } = cursor(marked);
  const h = hover(analyze(text), { line, character });
  return h ? (h.contents as { value: string }).value : undefined;
}

function hoverRange(marked: string) {
  const { text, line, character } = cursor(marked);
  return hover(analyze(text), { line, character })?.range;
}

const VMTAS = cfg(
  '<virtual-mta mta1>',
  '    smtp-source-host 192.0.2.10 mta1.example.com',
  '</virtual-mta>',
  '<virtual-mta-pool pool1>',
  '    virtual-mta mta1',
  '</virtual-mta-pool>',
  'domain-macro microsoft hotmail.com, outlook.com',
);

describe('hover: directives and blocks', () => {
  it('shows meaning, syntax, type, default, allowed blocks, provenance and an example', () => {
    const text = hoverText('<domain *>\n    max-sm|tp-out 20\n</domain>\n')!;
    assert.match(text, /outbound connections/);
    assert.match(text, /```powermta\nmax-smtp-out N\n```/);
    assert.match(text, /\*\*Value:\*\* a whole number/);
    assert.match(text, /\*\*Default:\*\* `20`/);
    assert.match(text, /\*\*Allowed in:\*\* `<domain>`, `<virtual-mta>`, `<virtual-mta-pool>`/);
    assert.match(text, /User's Guide \(§3\.3\.10/);
    assert.match(text, /Example:/);
    assert.deepEqual(hoverRange('<domain *>\n    max-sm|tp-out 20\n</domain>\n'), { start: { line: 1, character: 4 }, end: { line: 1, character: 16 } });
  });

  it('notes deprecation with the replacement, the restart need, and guide dialect with its equivalent', () => {
    assert.match(hoverText('<domain *>\n    max-msg-per-h|our 100\n</domain>\n')!, /\*\*Deprecated\*\*: use `max-msg-rate` instead/);
    assert.match(hoverText('run-as-r|oot no\n')!, /restart/);
    const dialect = hoverText('<domain *>\n    backoff-retry-int|erval 30m\n</domain>\n')!;
    assert.match(dialect, /Guide dialect/);
    assert.match(dialect, /backoff-retry-after/);
  });

  it('uses the row of the block the directive is in', () => {
    assert.match(hoverText('<pattern-list p>\n    mail-f|rom /x/ virtual-mta=a\n</pattern-list>\n')!, /`<pattern-list>`/);
    assert.match(hoverText('<rewrite-list r>\n    mail-f|rom *@a.com *@b.com\n</rewrite-list>\n')!, /`<rewrite-list>`/);
  });

  it('documents block tags, open and close', () => {
    assert.match(hoverText('<virtual-mta-p|ool p>\n</virtual-mta-pool>\n')!, /\*\*Defines\*\* a virtual MTA pool name/);
    assert.match(hoverText('<domain *>\n</dom|ain>\n')!, /Delivery settings/);
  });

  it('says nothing about unknown names', () => {
    assert.equal(hoverText('<domain *>\n    max-smtp-o|t 20\n</domain>\n'), undefined);
  });
});

describe('hover: values in words', () => {
  it('durations', () => {
    assert.match(hoverText('<domain *>\n    bounce-after 4d1|2h\n</domain>\n')!, /`4d12h` = 4 days 12 hours/);
    assert.match(hoverText('<domain *>\n    retry-after 10m,1h,|4h\n</domain>\n')!, /10 minutes, then 1 hour, then 4 hours; the last interval repeats/);
    assert.match(hoverText('<domain *>\n    backoff-to-normal-after ne|ver\n</domain>\n')!, /no time limit/);
  });

  it('rates, with the hourly equivalent', () => {
    assert.match(hoverText('<domain *>\n    max-msg-rate 100/1|5m\n</domain>\n')!, /100 messages per 15 minutes \(= 400\/h\)/);
    assert.match(hoverText('<domain *>\n    max-connect-rate 10/|m\n</domain>\n')!, /10 connections per minute/);
  });

  it('sizes, address ranges and listeners', () => {
    assert.match(hoverText('<source 0/0>\n    max-message-size 5|0M\n</source>\n')!, /50 MiB \(52,428,800 bytes\)/);
    assert.match(hoverText('<source 10/|8>\n</source>\n')!, /10\.0\.0\.0\/8 \(16,777,216 addresses\)/);
    assert.match(hoverText('smtp-listener 0/0:2|5\n')!, /every IPv4 address[\s\S]*Port 25/);
  });

  it('reply actions and their values', () => {
    const text = hoverText('<smtp-pattern-list x>\n    reply /421/ mode=backoff,reenable-after=1|h\n</smtp-pattern-list>\n')!;
    assert.match(text, /reenable-after=/);
    assert.match(text, /`1h` = 1 hour/);
    assert.match(hoverText('<smtp-pattern-list x>\n    reply /421/ mode=ba|ckoff\n</smtp-pattern-list>\n')!, /backoff/);
  });
});

describe('hover: references', () => {
  it('shows the virtual MTA a pool member points to, with its IP and host name', () => {
    const text = hoverText(VMTAS + '<virtual-mta-pool p2>\n    virtual-mta mt|a1\n</virtual-mta-pool>\n')!;
    assert.match(text, /virtual MTA\*\* `mta1` — defined on line 1/);
    assert.match(text, /Source IP `192\.0\.2\.10`, host name `mta1\.example\.com`/);
    assert.match(text, /<virtual-mta mta1>/);
  });

  it("shows a macro's expansion", () => {
    assert.match(hoverText(VMTAS + '<domain $micro|soft>\n</domain>\n')!, /Expands to: `hotmail\.com, outlook\.com`/);
  });

  it('counts references on a definition, and reports an undefined name', () => {
    assert.match(hoverText(VMTAS.replace('<virtual-mta mta1>', '<virtual-mta mt|a1>'))!, /1 reference in this configuration/);
    assert.match(hoverText('<virtual-mta-pool p>\n    virtual-mta gh|ost\n</virtual-mta-pool>\n')!, /No virtual MTA named `ghost` is defined/);
  });

  it('explains codes in pmta-lint comments', () => {
    assert.match(hoverText('http-access 0/0 admin # pmta-lint: disable=public-ad|min-access\n')!, /anyone can reconfigure/);
  });
});

describe('hover: names from the file in markdown', () => {
  // VS Code renders hovers with `marked`: the name must come out as written, in code, and no link.
  const rendered = (markdown: string) => marked.parse(markdown, { async: false });
  it('shows a name with backticks and link syntax as code, in the heading, the summary and the excerpt', () => {
    const name = 'a`b[x](http://e.com)';
    const text = cfg(`<virtual-mta ${name}>`, `    smtp-source-host 192.0.2.1 ${name}`, '</virtual-mta>', '<virtual-mta-pool p>', `    virtual-mta ${name}`, '</virtual-mta-pool>');
    for (const at of [`<virtual-mta a\`|b`, `    virtual-mta a\`|b`]) {
      const withCursor = text.replace(at.replace('|', ''), at);
      const html = rendered(hoverText(withCursor)!);
      assert.doesNotMatch(html, /<a /, html);
      assert.ok(html.includes('<code>a`b[x](http://e.com)</code>'), html);
      assert.ok(html.includes('&lt;virtual-mta a`b[x](http://e.com)&gt;'), html);
    }
    const pool = rendered(hoverText(text.replace('<virtual-mta-pool p>', '<virtual-mta-pool |p>'))!);
    assert.ok(pool.includes('Members: <code>a`b[x](http://e.com)</code>'), pool);
  });
  it('shows an undefined name with backticks as code too', () => {
    const html = rendered(hoverText(cfg('<virtual-mta-pool p>', '    virtual-mta x`|y[z](http://e.com)', '</virtual-mta-pool>'))!);
    assert.doesNotMatch(html, /<a /, html);
    assert.ok(html.includes('<code>x`y[z](http://e.com)</code>'), html);
  });
  it('shows each value of the effective settings of a <domain> and the block it comes from as written', () => {
    const text = cfg('<domain *>', '  max-smtp-out 5', '</domain>', '<domain |example.com>', '  smtp-pattern-list a`b|c', '</domain>');
    const html = rendered(hoverText(text)!);
    assert.ok(html.includes('<td>line 2 <code>&lt;domain *&gt;</code></td>'), html);
    assert.ok(html.includes('<td><code>a`b|c</code></td>\n<td>line 5 <code>&lt;domain example.com&gt;</code></td>'), html);
  });
  it('shows the domain, the virtual MTA and the notes of the effective settings as written', () => {
    const text = cfg('<virtual-mta v_1>', '  <domain |example.[x](http://e.com)com>', '    max-smtp-out 1', '  </domain>', '</virtual-mta>', '<virtual-mta-pool p1>', '  virtual-mta v_1', '</virtual-mta-pool>', '<virtual-mta-pool p2>', '  virtual-mta v_1', '</virtual-mta-pool>');
    const html = rendered(hoverText(text)!);
    assert.doesNotMatch(html, /<a /, html);
    assert.ok(html.includes('<strong>Effective settings for <code>example.[x](http://e.com)com</code> in virtual MTA <code>v_1</code></strong>'), html);
    assert.ok(html.includes('<em>v_1 belongs to several pools (p1, p2)'), html);
  });
  it('shows the block a value names in the directive documentation (not as an HTML tag the editor drops)', () => {
    const html = rendered(hoverText(cfg('<virtual-mta-pool p>', '    virtual-|mta v', '</virtual-mta-pool>'))!);
    assert.ok(html.includes('<strong>Value:</strong> the name of a &lt;virtual-mta&gt;'), html);
  });
  it('keeps a fenced excerpt whole when the block holds a run of backticks', () => {
    const html = rendered(hoverText(cfg('<virtual-mta |v>', '```', 'smtp-source-host 192.0.2.1 v.example.com', '</virtual-mta>'))!);
    assert.match(html, /<pre><code class="language-powermta">&lt;virtual-mta v&gt;\n```\nsmtp-source-host 192\.0\.2\.1 v\.example\.com\n&lt;\/virtual-mta&gt;\n<\/code><\/pre>/, html);
  });
});
