#!/usr/bin/env node
// Builds server/src/catalog/directives.json from the reference table
// (server/src/catalog/source/directives-v2.tsv, a copy of shared/reference) and our
// refinements (server/src/catalog/overrides.json). Run with --check to verify that the
// committed JSON is what the inputs produce (the test suite does this).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const catalogDir = join(root, 'server/src/catalog');
const tsvPath = join(catalogDir, 'source/directives-v2.tsv');
const overridesPath = join(catalogDir, 'overrides.json');
const outPath = join(catalogDir, 'directives.json');

export function buildCatalog() {
  const tsv = readFileSync(tsvPath, 'utf8').replace(/\r/g, '');
  const overrides = JSON.parse(readFileSync(overridesPath, 'utf8'));
  const [header, ...lines] = tsv.split('\n').filter((l) => l.length > 0);
  const cols = header.split('\t');
  const rows = lines.map((line) => {
    const cells = line.split('\t');
    const row = {};
    cols.forEach((c, i) => (row[c] = (cells[i] ?? '').trim()));
    return row;
  });

  const directives = [];
  const blocks = [];
  const keywords = [];
  const usedOverrides = new Set();

  for (const row of rows) {
    if (overrides.exclude[row.name]) continue;
    const provenance = provenanceOf(row);
    if (row.kind === 'keyword') {
      keywords.push(
        clean({
          kind: 'keyword',
          name: row.name,
          usedIn: row.scopes.split(';').map((s) => s.trim()).filter(Boolean),
          provenance,
          section: row.section || undefined,
          doc: row.doc,
        }),
      );
      continue;
    }
    const name = row.kind === 'block' ? row.name.replace(/^<|>$/g, '') : row.name;
    const scopes = row.scopes.startsWith('(seed') ? [] : row.scopes.split(',').map((s) => s.trim()).filter(Boolean);
    const base = {
      kind: row.kind,
      name,
      scopes,
      default: row.default || undefined,
      repeatable: row.repeatable === 'yes',
      deprecated: row.deprecated === 'deprecated' || row.deprecated === 'invalid' ? row.deprecated : undefined,
      replacement: row.replacement || undefined,
      since: row.since || undefined,
      provenance,
      section: row.section || undefined,
      reload: row.reload === 'restart' ? 'restart' : undefined,
      syntax: row.syntax || undefined,
      example: row.example || undefined,
      notes: row.notes || undefined,
      doc: row.doc,
    };
    if (provenance === 'guide-dialect') {
      // The seed names are not "invalid" PowerMTA: they are understood and mapped (issue: guide dialect).
      base.deprecated = undefined;
    }
    if (row.kind === 'block') {
      const o = pickOverride(overrides.blocks, 'blocks', name, scopes, usedOverrides);
      const entry = { ...base, default: undefined, reload: undefined, repeatable: true };
      delete entry.default;
      delete entry.reload;
      Object.assign(entry, o);
      if (entry.arg) entry.arg = resolveRefs(entry.arg, overrides.sharedSpecs);
      blocks.push(clean(entry));
    } else {
      const o = pickOverride(overrides.directives, 'directives', name, scopes, usedOverrides);
      const entry = { ...base, value: valueFromRow(row) };
      Object.assign(entry, o);
      if (entry.value) entry.value = resolveRefs(entry.value, overrides.sharedSpecs);
      directives.push(clean(entry));
    }
  }
  const unused = [...Object.keys(overrides.directives).map((k) => 'directives.' + k), ...Object.keys(overrides.blocks).map((k) => 'blocks.' + k)].filter(
    (k) => !usedOverrides.has(k),
  );
  if (unused.length) throw new Error('overrides that match no row: ' + unused.join(', '));
  return { version: 'directives-v2', directives, blocks, keywords };
}

function provenanceOf(row) {
  if (row.confidence === 'seed' || row.deprecated === 'guide-dialect') return 'guide-dialect';
  if (row.confidence === 'doc') return 'guide';
  return 'legacy';
}

function pickOverride(table, kind, name, scopes, used) {
  let result = {};
  for (const [key, value] of Object.entries(table)) {
    const [n, scope] = key.split('@');
    if (n !== name) continue;
    if (scope && !(scopes.includes(scope) || (scopes.length === 0 && value.scopes?.includes(scope)))) continue;
    used.add(kind + '.' + key);
    result = { ...result, ...value };
  }
  return result;
}

function resolveRefs(spec, shared) {
  if (Array.isArray(spec)) return spec.map((s) => resolveRefs(s, shared));
  if (spec && typeof spec === 'object') {
    let out = {};
    if (spec.$ref) {
      const target = shared[spec.$ref];
      if (!target) throw new Error('unknown shared spec ' + spec.$ref);
      out = { ...resolveRefs(target, shared) };
    }
    for (const [k, v] of Object.entries(spec)) if (k !== '$ref') out[k] = resolveRefs(v, shared);
    return out;
  }
  return spec;
}

const DURATION_UNITS = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
function durationSeconds(text) {
  let total = 0;
  for (const m of text.matchAll(/(\d+)([wdhms])/g)) total += Number(m[1]) * DURATION_UNITS[m[2]];
  return total;
}

function valueFromRow(row) {
  const t = row.value_type;
  const extra = row.enum ? row.enum.split('|') : undefined;
  const refs = row.refs ? row.refs.split(',').map((s) => s.trim()) : undefined;
  const range = {};
  if (row.range) {
    const [lo, hi] = row.range.split('..');
    const conv = (v) => (v === '' ? undefined : /[wdhms]$/.test(v) ? durationSeconds(v) : Number(v));
    range.min = conv(lo);
    range.max = conv(hi);
  }
  switch (t) {
    case '':
      return undefined;
    case 'bool':
      return { type: 'bool' };
    case 'bool+':
      return { type: 'bool', keywords: extra };
    case 'int':
    case 'int-range':
      return { type: 'int', keywords: extra, ...range };
    case 'duration':
    case 'duration-or-never':
    case 'duration-list':
      return { type: t, ...range };
    case 'rate-or-unlimited':
      return { type: 'rate', keywords: extra ?? ['unlimited', '0'] };
    case 'size':
    case 'size-or-unlimited':
      return { type: 'size', keywords: t === 'size-or-unlimited' ? [...new Set([...(extra ?? []), 'unlimited'])] : extra };
    case 'data-rate':
      return { type: 'data-rate', keywords: extra };
    case 'ip':
      return { type: 'ip' };
    case 'ip-or-cidr':
      return { type: 'cidr' };
    case 'ip-port':
      return { type: 'listener' };
    case 'email-list':
      return { type: 'list', item: { type: 'email' } };
    case 'enum':
      return { type: 'enum', keywords: extra };
    case 'name-ref':
      return { type: 'name-ref', refs, keywords: extra };
    case 'list':
      return { type: 'list', item: { type: 'string' } };
    case 'composite':
      return { type: 'composite', args: [{ type: 'string', rest: true }] };
    case 'hostname':
    case 'domain-pattern':
    case 'email':
    case 'path':
    case 'path-or-pipe':
    case 'url':
    case 'quoted-string':
    case 'string':
      return { type: t, keywords: extra };
    default:
      throw new Error(`unknown value_type ${t} for ${row.name}`);
  }
}

function clean(obj) {
  if (Array.isArray(obj)) return obj.map(clean);
  if (obj && typeof obj === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = clean(v);
    return out;
  }
  return obj;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const text = JSON.stringify(buildCatalog(), null, 1) + '\n';
  if (process.argv.includes('--check')) {
    const current = readFileSync(outPath, 'utf8');
    if (current !== text) {
      console.error('directives.json is stale: run node scripts/import-catalog.mjs');
      process.exit(1);
    }
    console.log('directives.json is up to date');
  } else {
    writeFileSync(outPath, text);
    const c = JSON.parse(text);
    console.log(`wrote ${outPath}: ${c.directives.length} directives, ${c.blocks.length} blocks, ${c.keywords.length} keywords`);
  }
}
