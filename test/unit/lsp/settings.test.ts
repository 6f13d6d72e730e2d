import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, MAX_DEBOUNCE_MS, parseSettings } from '../../../server/src/lsp/settings';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')).contributes.configuration.properties;

describe('parseSettings', () => {
  it('gives the defaults for nothing, or for something that is not an object', () => {
    for (const raw of [undefined, null, 5, 'x', []]) assert.deepEqual(parseSettings(raw), DEFAULT_SETTINGS);
  });

  it('has the defaults package.json announces', () => {
    assert.equal(DEFAULT_SETTINGS.debounceMs, schema['powermta.diagnostics.debounceMs'].default);
    assert.equal(DEFAULT_SETTINGS.maxProblems, schema['powermta.diagnostics.maxProblems'].default);
    assert.equal(DEFAULT_SETTINGS.maxLines, schema['powermta.maxLines'].default);
    assert.equal(DEFAULT_SETTINGS.format.indent, schema['powermta.format.indent'].default);
    assert.equal(MAX_DEBOUNCE_MS, schema['powermta.diagnostics.debounceMs'].maximum);
  });

  it('reads every setting it knows', () => {
    const s = parseSettings({
      diagnostics: { severity: { 'legacy-directive': 'off', 'unknown-directive': 'error' }, debounceMs: 0, maxProblems: 0 },
      format: { indent: 2, useTabs: true, alignValues: true },
      completion: { snippets: false },
      maxLines: 5000,
      dns: { server: ' 127.0.0.1:5353 ' },
      autoCloseTags: true,
    });
    assert.deepEqual(s, {
      severity: { 'legacy-directive': 'off', 'unknown-directive': 'error' },
      format: { indent: 2, useTabs: true, alignValues: true },
      completion: { snippets: false },
      debounceMs: 0,
      maxLines: 5000,
      maxProblems: 0,
      dnsServer: '127.0.0.1:5353',
      autoCloseTags: true,
    });
  });

  it('ignores values of the wrong type or out of range, one by one', () => {
    const s = parseSettings({
      diagnostics: { severity: { 'legacy-directive': 'loud', 'unknown-directive': 3, 'too-many-problems': 'warning' }, debounceMs: 600_000, maxProblems: -1 },
      format: { indent: 17, useTabs: 'yes', alignValues: null },
      completion: { snippets: 'no' },
      maxLines: 0,
      dns: { server: '   ' },
      autoCloseTags: 'yes',
    });
    assert.deepEqual(s, { ...DEFAULT_SETTINGS, severity: { 'too-many-problems': 'warning' } });
    assert.equal(parseSettings({ diagnostics: { debounceMs: 2.5, maxProblems: 1.5 } }).debounceMs, DEFAULT_SETTINGS.debounceMs);
    assert.equal(parseSettings({ diagnostics: { maxProblems: '10' } }).maxProblems, DEFAULT_SETTINGS.maxProblems);
  });

  it('does not share its defaults between calls', () => {
    const a = parseSettings({});
    a.format.indent = 9;
    assert.equal(parseSettings({}).format.indent, DEFAULT_SETTINGS.format.indent);
    assert.equal(DEFAULT_SETTINGS.format.indent, 4);
  });
});
