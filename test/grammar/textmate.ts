// Loads syntaxes/powermta.tmLanguage.json with VS Code's own TextMate engine (vscode-textmate +
// the oniguruma WASM build), offline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export const GRAMMAR_FILE = join(__dirname, '..', '..', 'syntaxes', 'powermta.tmLanguage.json');

export interface Token {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

let loaded: Promise<vsctm.IGrammar> | undefined;

export function loadGrammar(): Promise<vsctm.IGrammar> {
  loaded ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === 'source.powermta' ? vsctm.parseRawGrammar(readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null,
    });
    const grammar = await registry.loadGrammar('source.powermta');
    if (!grammar) throw new Error('grammar source.powermta did not load');
    return grammar;
  })();
  return loaded;
}

/** Tokens of one line tokenized on its own (from the initial state). */
export function tokenizeLine(grammar: vsctm.IGrammar, line: string, state: vsctm.StateStack = vsctm.INITIAL): { tokens: Token[]; state: vsctm.StateStack } {
  const r = grammar.tokenizeLine(line, state);
  return {
    tokens: r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, end: Math.min(t.endIndex, line.length), scopes: t.scopes })),
    state: r.ruleStack,
  };
}

export const INITIAL = vsctm.INITIAL;
