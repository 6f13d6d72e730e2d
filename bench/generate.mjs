// Generates realistic, valid PowerMTA configurations of a given size for the benchmark: a global
// header (listeners, sources, acct-files, macros, smtp-pattern-lists with reply rules, bounce
// patterns), then repeated "customer" sections (virtual MTAs with smtp-source-host and nested
// domain throttles, pools, per-domain throttles including $macro domains; for every tenth, a
// pattern-list that routes by sender and the source of its injectors that names it) until the line
// count is reached.
// Deterministic: the same size gives the same text.

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROVIDERS = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'aol.com', 'comcast.net', 'gmx.de', 'web.de', 'orange.fr', 'mail.ru'];
const REPLIES = [
  '/generating high volumes of.* complaints/ mode=backoff',
  '/^421 .* too many errors/ mode=backoff',
  '/blocked.*spamhaus/ mode=backoff',
  '/temporarily deferred/ mode=backoff',
  '/RLY:CH2/ mode=backoff',
  '/Message considered as spam or virus/ mode=backoff',
  '/^5\\d\\d .*mailbox (unavailable|full)/ mode=normal',
];

function header(out) {
  out.push(
    '# PowerMTA configuration generated for the benchmark (realistic shape, valid syntax)',
    '# ---------------------------------------------------------------------------',
    'postmaster postmaster@example.net',
    'host-name mta.example.net',
    'smtp-listener 0/0:25',
    'smtp-listener 127.0.0.1:2525',
    'http-mgmt-port 8080',
    'http-access 127.0.0.1 admin',
    'http-access ::1 monitor',
    'run-as-root no',
    'log-file /var/log/pmta/pmta.log',
    '',
    '<spool /var/spool/pmta>',
    '    deliver-only no',
    '</spool>',
    '',
    '<acct-file /var/log/pmta/acct.csv>',
    '    records d,b,f,rb',
    '    move-interval 5m',
    '    move-to /var/log/pmta/archive',
    '    max-size 50M',
    '    delete-after 8d',
    '</acct-file>',
    '',
    '<acct-file /var/log/pmta/bounce.csv>',
    '    records b,rb',
    '    move-interval 1h',
    '    move-to /var/log/pmta/archive',
    '</acct-file>',
    '',
    '<source 127.0.0.1>',
    '    always-allow-relaying yes   # local injector',
    '    process-x-virtual-mta yes',
    '    smtp-service yes',
    '    max-message-size unlimited',
    '</source>',
    '',
    '<source 0/0>                    # everyone else',
    '    log-connections no',
    '    log-commands no',
    '    log-data no',
    '</source>',
    '',
    'domain-macro bigmail gmail.com, googlemail.com, yahoo.com, ymail.com,',
    '    hotmail.com, outlook.com, live.com',
    'domain-macro eu gmx.de, web.de, orange.fr, free.fr',
    '',
    '<domain $bigmail>',
    '    max-smtp-out 10',
    '    max-msg-rate 2000/h',
    '</domain>',
    '',
    '<smtp-pattern-list common-errors>',
  );
  for (const r of REPLIES) out.push(`    reply ${r}`);
  out.push('</smtp-pattern-list>', '', '<bounce-category-patterns>');
  out.push('    /spam/ spam-related', '    /user unknown/ bad-mailbox', '    /quota/ quota-issues', '    // other');
  out.push('</bounce-category-patterns>', '');
}

function customer(out, c, random) {
  const vmtas = [];
  const perCustomer = 3 + Math.floor(random() * 4);
  out.push(`# ===== customer ${c} =====================================================`);
  for (let v = 0; v < perCustomer; v++) {
    const name = `c${c}-mta${v}`;
    vmtas.push(name);
    const ip = `185.${(c >> 8) & 255}.${c & 255}.${v + 10}`;
    out.push(`<virtual-mta ${name}>`);
    out.push(`    smtp-source-host ${ip} ${name}.mail.example.net`);
    out.push(`    <domain ${PROVIDERS[(c + v) % PROVIDERS.length]}>`);
    out.push(`        max-smtp-out ${5 + ((c + v) % 20)}     # connections per domain`);
    out.push(`        max-msg-rate ${100 + v * 50}/h`);
    out.push('    </domain>');
    out.push('</virtual-mta>');
  }
  out.push('', `<virtual-mta-pool c${c}-pool>`);
  for (const v of vmtas) out.push(`    virtual-mta ${v}`);
  out.push('</virtual-mta-pool>', '');
  // Every tenth customer injects from its own servers and routes by sender; the source names the
  // list (a list no source names would never run).
  if (c % 10 === 1) {
    out.push(`<pattern-list c${c}-routing>`);
    out.push(`    mail-from /@c${c}\\.example\\.com/ virtual-mta=c${c}-pool`);
    out.push(`    rcpt-to /@${PROVIDERS[c % PROVIDERS.length].replace('.', '\\.')}/ virtual-mta=${vmtas[0]}`);
    out.push('</pattern-list>', '');
    out.push(`<source 10.${(c >> 8) & 255}.${c & 255}.0/24>`, `    pattern-list c${c}-routing`, '</source>', '');
  }
  const dom = `c${c}.example.org`;
  out.push(`<domain ${dom}>`);
  out.push('    max-smtp-out 10');
  out.push(`    max-msg-rate ${200 + (c % 7) * 100}/h`);
  out.push('    retry-after 10m');
  out.push('    bounce-after 4d12h');
  out.push('    smtp-pattern-list common-errors');
  out.push('    backoff-max-msg-rate 50/h');
  // A few honest mistakes, as real files have: a typo every 50 customers.
  if (c % 50 === 0) out.push('    max-smtp-ot 5');
  out.push('</domain>', '');
  if (c % 5 === 0) {
    out.push(`domain-macro c${c}_brands c${c}.example.com, c${c}-news.example.com,`, `    c${c}-shop.example.com`);
    out.push(`<domain $c${c}_brands>`, '    max-smtp-out 20', '    retry-after 15m', '</domain>', '');
  }
  if (c % 3 === 0 && random() < 0.5) out.push('# spare comment line for operators', '');
}

/** A configuration of exactly `lines` lines (whole sections, topped up with comment lines). */
export function generateConfig(lines, seed = 7) {
  const random = rng(seed);
  const out = [];
  header(out);
  for (let c = 1; ; c++) {
    const section = [];
    customer(section, c, random);
    if (out.length + section.length > lines) break;
    out.push(...section);
  }
  while (out.length < lines) out.push('# reserved for future customers');
  return out.slice(0, lines).join('\n') + '\n';
}

/** A `<domain …>` tag line in the second half, and the column of its `>` (for a keystroke in the tag's argument). */
export function tagTarget(text) {
  const lines = text.split('\n');
  for (let i = Math.floor(lines.length / 2); i < lines.length; i++) {
    const m = /^\s*<domain [a-z][^>]*>/.exec(lines[i]);
    if (m) return { line: i, end: m[0].length - 1 };
  }
  throw new Error('no <domain …> tag line in the second half');
}

/** A line in the middle that holds `max-smtp-out N` (the one-line edit target) and its value span. */
export function editTarget(text) {
  const lines = text.split('\n');
  for (let i = Math.floor(lines.length / 2); i < lines.length; i++) {
    const m = /^(\s*max-smtp-out )(\d+)/.exec(lines[i]);
    if (m) return { line: i, start: m[1].length, end: m[1].length + m[2].length, value: m[2] };
  }
  throw new Error('no max-smtp-out line in the second half');
}

/** Where `word` occurs in `text`: [line, character] pairs in document order. */
export function occurrences(text, word) {
  const hits = [];
  text.split('\n').forEach((l, i) => {
    for (let c = l.indexOf(word); c >= 0; c = l.indexOf(word, c + 1)) hits.push([i, c]);
  });
  return hits;
}

/** Replace All as VS Code sends it: one edit per occurrence, last to first, `from` at each replaced by `to`. */
export function replaceAllEdits(hits, from, to) {
  return hits
    .slice()
    .reverse()
    .map(([i, c]) => ({ range: { start: { line: i, character: c }, end: { line: i, character: c + from.length } }, text: to }));
}
