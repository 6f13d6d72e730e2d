import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { CODES } from '../../server/src/analysis/codes';
import { FILES, ROOT, lint, workdir } from './harness';

// The official OASIS SARIF 2.1.0 (errata 01) schema, vendored: see test/fixtures/sarif/README.md.
const schema = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function assertValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, `SARIF does not validate:\n${JSON.stringify(validate.errors?.slice(0, 10), null, 2)}`);
}

let dir: string;
let cleanup: () => void;
before(() => {
  ({ dir, cleanup } = workdir({ ...FILES, 'odd dir/#1 100%@x.conf': FILES['warn.conf'], 'multiline.conf': 'relay-domain a.example.com,\n  b,,c\n' }));
});
after(() => cleanup());

describe('SARIF output', () => {
  it('the schema check itself rejects a broken log (the validator is live)', () => {
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, originalUriBaseIds: { R: { uri: 'not a uri' } } }] }), false);
  });

  it('validates against the SARIF 2.1.0 schema and carries the findings', () => {
    const r = lint(['--format', 'sarif', 'bad.conf', 'clean.conf'], { cwd: dir });
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    assertValid(log);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'pmta-lint');
    assert.deepEqual(
      run.tool.driver.rules.map((x: any) => x.id),
      Object.keys(CODES),
    );
    assert.deepEqual(
      run.results.map((x: any) => [x.ruleId, x.level, x.locations[0].physicalLocation.region.startLine, x.locations[0].physicalLocation.region.startColumn]),
      [
        ['unknown-directive', 'warning', 1, 1],
        ['invalid-value', 'error', 3, 15],
      ],
    );
    for (const res of run.results) assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
    const loc = run.results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(loc, { uri: 'bad.conf', uriBaseId: '%SRCROOT%' });
    assert.equal(fileURLToPath(run.originalUriBaseIds['%SRCROOT%'].uri), dir + '/');
    assert.equal(run.invocations[0].executionSuccessful, true);
  });

  it('a region over several lines ends where the finding ends, as in JSON', () => {
    const sarif = JSON.parse(lint(['--format', 'sarif', 'multiline.conf'], { cwd: dir }).stdout);
    assertValid(sarif);
    const [json] = JSON.parse(lint(['--format', 'json', 'multiline.conf'], { cwd: dir }).stdout);
    // It ends on line 2 before the column it starts at on line 1.
    assert.deepEqual([json.line, json.column, json.endLine, json.endColumn], [1, 14, 2, 7]);
    assert.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation.region, { startLine: 1, startColumn: 14, endLine: 2, endColumn: 7 });
  });

  it('percent-encodes odd file names and absolute paths become file URIs; both validate', () => {
    const rel = JSON.parse(lint(['-f', 'sarif', 'odd dir/*.conf'], { cwd: dir }).stdout);
    assertValid(rel);
    const relUri = rel.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    assert.equal(relUri, 'odd%20dir/%231%20100%25%40x.conf');
    assert.equal(decodeURIComponent(relUri), 'odd dir/#1 100%@x.conf');
    const absPath = join(dir, 'odd dir', '#1 100%@x.conf');
    const abs = JSON.parse(lint(['-f', 'sarif', absPath]).stdout);
    assertValid(abs);
    const absUri = abs.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
    assert.equal(absUri, pathToFileURL(absPath).href);
    assert.equal(fileURLToPath(absUri), absPath);
  });

  it('a clean run is a valid log with no results (exit 0)', () => {
    const r = lint(['-f', 'sarif', 'clean.conf'], { cwd: dir });
    assert.equal(r.code, 0);
    const log = JSON.parse(r.stdout);
    assertValid(log);
    assert.deepEqual(log.runs[0].results, []);
  });

  it('standard input validates too', () => {
    const log = JSON.parse(lint(['-f', 'sarif', '-'], { input: 'max-smtp-ot 1\n' }).stdout);
    assertValid(log);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'stdin');
  });

  it('an unreadable input still yields a valid log that records the failure (exit 2)', () => {
    const r = lint(['-f', 'sarif', 'bad.conf', 'missing.conf'], { cwd: dir });
    assert.equal(r.code, 2);
    const log = JSON.parse(r.stdout);
    assertValid(log);
    assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
    assert.deepEqual(log.runs[0].invocations[0].toolExecutionNotifications, [{ level: 'error', message: { text: 'missing.conf: no such file or directory' } }]);
    assert.equal(log.runs[0].results.length, 2);
  });

  it('the whole real corpus in one log validates', () => {
    const corpus = join(ROOT, 'test/corpus/real');
    const files = readdirSync(corpus).filter((f) => f !== 'SOURCES.tsv').map((f) => join('test/corpus/real', f));
    const r = lint(['-f', 'sarif', ...files], { cwd: ROOT });
    assert.notEqual(r.code, 2, r.stderr);
    const log = JSON.parse(r.stdout);
    assertValid(log);
    assert.ok(log.runs[0].results.length > 100, `only ${log.runs[0].results.length} results`);
  });
});
