import type { Code, Severity } from './codes';
import type { SymbolKind } from '../catalog/types';

/** One diagnostic, 0-based lines and UTF-16 columns, before severity settings are applied. */
export interface Finding {
  code: Code;
  message: string;
  line: number;
  start: number;
  end: number;
  /** When the finding spans lines. */
  endLine?: number;
  /** Overrides the code's default severity for this one finding (rare: e.g. a weaker form of a rule). */
  severity?: Severity;
  /** Machine-readable details for quick fixes (e.g. `{ suggestion: 'max-smtp-out' }`). */
  data?: Record<string, unknown>;
}

/** A name defined by a block tag or by `domain-macro`. */
export interface SymbolDef {
  kind: SymbolKind;
  name: string;
  line: number;
  start: number;
  end: number;
  /** Line of the block that holds the definition's settings (the open tag), or the directive line. */
  blockLine: number;
  /** The file, when analysed as part of a configuration set (undefined: the current file). */
  uri?: string;
  /** Load-order key across files (include chain, then line). */
  order?: readonly number[];
}

/** A use of a name: which kinds of definition can satisfy it. */
export interface SymbolRef {
  kinds: readonly SymbolKind[];
  name: string;
  line: number;
  start: number;
  end: number;
  /** The directive or tag that holds the reference (for messages). */
  via: string;
  uri?: string;
  order?: readonly number[];
}

/** A logical argument: words joined across commas (`a, b` -> `a,b`), possibly spanning continuation lines. */
export interface Arg {
  text: string;
  line: number;
  start: number;
  endLine: number;
  end: number;
  quoted?: boolean;
  regex?: boolean;
  unterminated?: boolean;
}
