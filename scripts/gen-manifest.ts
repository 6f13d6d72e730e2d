// Keeps the `powermta.diagnostics.severity` setting in package.json in step with the diagnostic
// code table (server/src/analysis/codes.ts): one property per code, so the Settings editor offers
// every code and flags a misspelt one. Only that object is rewritten, and only when it changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODES } from '../server/src/analysis/codes';

export const SEVERITY_SETTING = 'powermta.diagnostics.severity';
export const SEVERITY_LEVELS = ['off', 'info', 'warning', 'error'] as const;

const label = (s: string) => (s === 'information' ? 'info' : s);

/** The JSON-schema properties of the severity map, one per code, in code-table order. */
export function severityProperties(): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [code, info] of Object.entries(CODES)) {
    props[code] = {
      type: 'string',
      enum: [...SEVERITY_LEVELS],
      markdownDescription: `${info.meaning} Default: \`${label(info.severity)}\`.`,
    };
  }
  return props;
}

export const PACKAGE_JSON = join(__dirname, '..', 'package.json');

if (require.main === module) {
  const before = readFileSync(PACKAGE_JSON, 'utf8');
  const pkg = JSON.parse(before);
  const setting = pkg.contributes?.configuration?.properties?.[SEVERITY_SETTING];
  if (!setting) throw new Error(`package.json has no contributes.configuration.properties["${SEVERITY_SETTING}"]`);
  setting.properties = severityProperties();
  const after = `${JSON.stringify(pkg, null, 2)}\n`;
  if (after !== before) writeFileSync(PACKAGE_JSON, after);
}
