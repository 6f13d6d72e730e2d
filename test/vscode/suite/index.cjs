// Entry point VS Code loads for `--extensionTestsPath` (in VS Code through @vscode/test-electron,
// or in code-server's extension host, see test/vscode/README.md). Runs the mocha suite and also
// writes the results to test-output/vscode/results.json for runners that cannot read the console.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const RESULTS = path.join(__dirname, '..', '..', '..', 'test-output', 'vscode', 'results.json');

function run() {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.cjs'));
  const results = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
      fs.writeFileSync(RESULTS, JSON.stringify({ failures, results }, null, 2));
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), ok: true, ms: test.duration }));
    runner.on('fail', (test, err) => results.push({ title: test.fullTitle(), ok: false, error: String((err && err.message) || err) }));
  });
}

module.exports = { run };
