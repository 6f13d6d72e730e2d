import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../server/src/lsp/commands';
import { CHECK_DNS_COMMAND } from '../../server/src/lsp/dns';

const ROOT = join(__dirname, '..', '..');

describe('client commands', () => {
  it('never registers a command the server announces (the language client forwards those itself)', () => {
    const serverCommands = new Set<string>([...Object.values(COMMANDS), CHECK_DNS_COMMAND]);
    const dir = join(ROOT, 'client', 'src');
    const registered: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d, { withFileTypes: true })) {
        if (f.isDirectory()) walk(join(d, f.name));
        else if (f.name.endsWith('.ts')) {
          const text = readFileSync(join(d, f.name), 'utf8');
          for (const m of text.matchAll(/registerCommand\(\s*['"]([^'"]+)['"]/g)) registered.push(m[1]);
          for (const m of text.matchAll(/registerCommand\(\s*([A-Z_]+)\b/g)) {
            const def = new RegExp(`${m[1]}\\s*=\\s*['"]([^'"]+)['"]`).exec(text);
            if (def) registered.push(def[1]);
          }
        }
      }
    };
    walk(dir);
    assert.ok(registered.includes('powermta.showEffectiveSettings'));
    assert.deepEqual(registered.filter((c) => serverCommands.has(c)), []);
  });

  it('every command in the palette is registered by the client or announced by the server', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const client = readdirSync(join(ROOT, 'client', 'src'), { recursive: true }).filter((f) => String(f).endsWith('.ts')).map((f) => readFileSync(join(ROOT, 'client', 'src', String(f)), 'utf8')).join('\n');
    const server = new Set<string>([...Object.values(COMMANDS), CHECK_DNS_COMMAND]);
    for (const c of pkg.contributes.commands as { command: string }[]) {
      assert.ok(server.has(c.command) || client.includes(`'${c.command}'`), `${c.command} has no handler`);
    }
  });
});
