// file-encoding: an open file saved as UTF-16 on disk. The editor sends decoded text, so only the
// bytes on disk tell; they are read when the file is opened and again when it is saved.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { isUtf16 } from '../../server/src/analysis/includes/textFile';
import { LspClient } from '../lspClient';

const TEXT = 'postmaster admin@example.com\nsmtp-listener 0/0:25\n';
const utf16le = (text: string, bom: boolean) => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => Buffer.from(utf16le(text, true).map((_, i, b) => b[i ^ 1]));
const codes = (d: { code: string }[]) => d.map((x) => x.code).filter((c) => c === 'file-encoding');

describe('file-encoding', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmta-encoding-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('tells UTF-16, with or without a byte-order mark, little- or big-endian, from UTF-8 and ASCII', () => {
    assert.ok(isUtf16(utf16le(TEXT, true)));
    assert.ok(isUtf16(utf16le(TEXT, false)));
    assert.ok(isUtf16(utf16be(TEXT)));
    assert.ok(!isUtf16(Buffer.from(TEXT)));
    assert.ok(!isUtf16(Buffer.from('\uFEFF' + TEXT + 'héllo')));
    assert.ok(!isUtf16(Buffer.alloc(0)));
  });

  it('is reported on line 1 of an open file saved as UTF-16, and goes once the file is saved as UTF-8', async () => {
    const path = join(dir, 'config');
    const uri = pathToFileURL(path).href;
    writeFileSync(path, utf16le(TEXT, true));
    const client = new LspClient();
    const init = await client.initialize();
    try {
      assert.deepEqual(init.capabilities.textDocumentSync.save, { includeText: false });
      const reported = client.waitForDiagnostics(uri);
      await client.open(uri, TEXT);
      const diagnostics = await reported;
      assert.deepEqual(codes(diagnostics), ['file-encoding']);
      const d = diagnostics.find((x: { code: string }) => x.code === 'file-encoding');
      assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 28 } });
      assert.equal(d.severity, 1);
      assert.match(d.message, /UTF-16.*save the file as UTF-8/);
      const cleared = client.waitForDiagnostics(uri, (x) => codes(x).length === 0);
      writeFileSync(path, TEXT);
      await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
      await cleared;
      // Saved as UTF-16 again (big-endian this time): back.
      const again = client.waitForDiagnostics(uri, (x) => codes(x).length === 1);
      writeFileSync(path, utf16be(TEXT));
      await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri } });
      await again;
    } finally {
      await client.shutdown();
    }
  });

  it('is not reported for a UTF-8 file, an unsaved document or a file that is gone', async () => {
    const path = join(dir, 'plain.conf');
    writeFileSync(path, TEXT);
    const client = new LspClient();
    await client.initialize();
    try {
      for (const uri of [pathToFileURL(path).href, 'untitled:Untitled-1', pathToFileURL(join(dir, 'gone.conf')).href]) {
        const reported = client.waitForDiagnostics(uri);
        await client.open(uri, TEXT);
        assert.deepEqual(codes(await reported), [], uri);
      }
    } finally {
      await client.shutdown();
    }
  });
});
