// Property: on messy configurations (messyConfig.ts), renaming any defined name to an unused one
// gives edits an editor accepts and changes no finding count: every use moves with its definition.
// Left out: invisible and typographic characters (a name holding one loses it, and its finding
// goes) and names with uses written in another case (the rename writes them exactly, so the checks
// that could not follow them before now do: unit tests in navigation.test.ts).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../helpers';
import { codeCounts, renameEach } from '../renameEach';
import { messyConfig } from './messyConfig';

const IGNORED = ['invisible-character', 'typographic-character'];

describe('fuzz: rename on messy configurations', () => {
  it('moves every use with its definition and changes no finding count', () => {
    let renamed = 0;
    fc.assert(
      fc.property(messyConfig, (text) => {
        const before = analyze(text);
        const counts = codeCounts(before, IGNORED);
        // Rename moves the exact name; a use or another block written in another case stays, and
        // the rules that read names ignoring case (reference-case-mismatch, duplicate-block) see it.
        const inAnotherCase = (def: { name: string; kind: string }) =>
          before.symbols.referencesNamedIgnoringCase(def.name).some((r) => r.name !== def.name) ||
          before.symbols.defs.some((d) => d.kind === def.kind && d.name !== def.name && d.name.toLowerCase() === def.name.toLowerCase());
        renamed += renameEach(
          text,
          before,
          renamed,
          (def, newName, after) => assert.deepEqual(codeCounts(analyze(after), IGNORED), counts, `renaming ${def.kind} \`${def.name}\` (line ${def.line + 1}) to ${newName}:\n${after}`),
          inAnotherCase,
        );
      }),
      { numRuns: 300, seed: 3 },
    );
    assert.ok(renamed > 150, `only ${renamed} names renamed`);
  });
});
