import type { FileHost } from '../host';
import { type DkimKey, inspectKey } from './keyFile';
import { parentDir } from './paths';
import { PMTA_CONFIG_DIR } from '../includes/resolve';

/** What a key path turned out to be. */
export type KeyState =
  | { kind: 'key'; path: string; key: DkimKey }
  | { kind: 'invalid'; path: string; reason: string }
  | { kind: 'missing'; path: string }
  /**
   * Not here, and its folder is not here either: probably a server path seen from a workstation.
   * `shared`: the folder is here, but it is one every machine has (`/etc`), and this machine has no
   * `/etc/pmta`, so it is no PowerMTA server either: the key may well be on the server.
   */
  | { kind: 'absent-folder'; path: string; folder: string; shared?: boolean }
  | { kind: 'folder'; path: string }
  | { kind: 'unreadable'; path: string };

interface Cached {
  /** Stat signature: size and mtime, or 'none' when the path did not exist. */
  sig: string;
  state: KeyState;
}

/**
 * Folders that exist on every Unix machine (Debian's and Red Hat's alike): that one of them is here
 * says nothing about whether this is the mail server. An install script's `/etc/dkim.key` is then
 * missing on any workstation or CI runner that checks the configuration.
 */
const EVERY_MACHINE_HAS: ReadonlySet<string> = new Set([
  '/', '/etc', '/etc/ssl', '/etc/ssl/private', '/etc/ssl/certs', '/etc/pki', '/etc/pki/tls', '/etc/pki/tls/private',
  '/root', '/home', '/opt', '/srv', '/tmp', '/usr', '/usr/local', '/usr/local/etc', '/var', '/var/lib',
]);

/** Key files are small; anything this large is not one (and is not read). */
const MAX_KEY_BYTES = 1 << 20;

/**
 * Key files by path, cached by size and modification time, so a key is read and parsed once
 * until it changes. `peek` answers from the cache only (no file access: safe on the keystroke
 * path); `load` stats the candidates and re-reads what changed.
 */
export class KeyStore {
  private readonly cache = new Map<string, Cached>();
  /** Paths read and parsed (not answered from the cache) since the store was made. */
  reads = 0;

  constructor(private readonly host: FileHost) {}

  /** The cached state for the first candidate known to exist; undefined while anything is unknown. */
  peek(candidates: readonly string[]): KeyState | undefined {
    if (candidates.length === 0) return undefined;
    for (const path of candidates) {
      const c = this.cache.get(path);
      if (!c) return undefined;
      if (c.state.kind !== 'missing' && c.state.kind !== 'absent-folder') return c.state;
    }
    return this.cache.get(candidates[0])!.state;
  }

  /** Stats every candidate until one exists (reading it if it changed) and returns its state. */
  load(candidates: readonly string[]): KeyState | undefined {
    if (candidates.length === 0) return undefined;
    let first: KeyState | undefined;
    for (const path of candidates) {
      const state = this.loadOne(path);
      if (state.kind !== 'missing' && state.kind !== 'absent-folder') return state;
      first ??= state;
    }
    return first;
  }

  private loadOne(path: string): KeyState {
    const st = this.host.stat(path);
    const sig = st ? `${st.size}:${st.mtimeMs ?? ''}:${st.isFile ? 'f' : 'd'}` : 'none';
    const cached = this.cache.get(path);
    if (cached && cached.sig === sig && st) return cached.state;
    const state = this.read(path, st);
    // A missing file is looked at again each time (its folder may have appeared); keep the same
    // object when nothing changed, so callers can compare states by identity.
    if (cached && cached.sig === sig && cached.state.kind === state.kind) return cached.state;
    this.cache.set(path, { sig, state });
    return state;
  }

  private read(path: string, st: ReturnType<FileHost['stat']>): KeyState {
    if (!st) {
      const folder = parentDir(path);
      if (!this.host.stat(folder)?.isDirectory) return { kind: 'absent-folder', path, folder };
      // A machine with PowerMTA's configuration folder is taken for a PowerMTA server.
      if (EVERY_MACHINE_HAS.has(folder) && !this.host.stat(PMTA_CONFIG_DIR)?.isDirectory) return { kind: 'absent-folder', path, folder, shared: true };
      return { kind: 'missing', path };
    }
    if (st.isDirectory) return { kind: 'folder', path };
    if (st.size > MAX_KEY_BYTES) return { kind: 'invalid', path, reason: `the file is ${st.size} bytes, far too large for a key` };
    const bytes = this.host.readBytes(path);
    if (!bytes) return { kind: 'unreadable', path };
    this.reads++;
    const r = inspectKey(bytes);
    return r.ok ? { kind: 'key', path, key: r.key } : { kind: 'invalid', path, reason: r.reason };
  }
}
