// The steps of the real-editor test, in order (later steps edit the file earlier ones read).
// Each returns a short note for the log or throws. Facts come from the catalogue, the sample file
// and the snippets file, never from hard-coded expectations of the features' wording.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const CONFIG = 'pmta/config';
/** The sample's deliberate typo and its correction. */
const TYPO = 'max-msg-per-conection';
const FIXED = 'max-msg-per-connection';

export const normal = (s) => s.replace(/\s+/g, ' ').trim();
const configPath = (env) => join(env.workspace, CONFIG);
/** 1-based line number of the first line containing `text` in the workspace copy of the sample. */
export function lineOf(env, text) {
  const lines = readFileSync(configPath(env), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`"${text}" is not in ${CONFIG}`);
  return { line: i + 1, column: lines[i].indexOf(text) + 1 };
}
export function catalogueEntry(env, name) {
  const data = JSON.parse(readFileSync(join(env.root, 'server/src/catalog/directives.json'), 'utf8'));
  return data.directives.find((d) => d.name === name);
}
/**
 * Copies a step's screenshot into the README's images when asked to (--update-screenshots),
 * palette-quantized with pngquant when it is installed (about a third of the size, which keeps the
 * .vsix under its budget; `apt-get install pngquant`).
 */
function publish(env, file, name) {
  if (!env.updateScreenshots) return;
  const dir = join(env.root, 'images', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const dest = join(dir, `${name}.png`);
  const q = spawnSync('pngquant', ['--quality=80-100', '--speed', '1', '--strip', '--force', '--output', dest, file]);
  if (q.status !== 0) {
    console.warn(`pngquant unavailable or failed (${q.error?.code ?? q.status}): ${name}.png copied uncompressed`);
    copyFileSync(file, dest);
  }
}
/**
 * A README-sized screenshot: the editor columns (at most `width` px wide) from `above` px over the
 * `focus` element to `below` px under it. Small crops keep the .vsix under its size budget.
 */
async function focusShot(env, name, readmeName, focus, { above = 120, below = 24, width = 860 } = {}) {
  const file = env.shot(name);
  const part = await env.wb.box(env.page.locator('.part.editor'));
  const f = await env.wb.box(focus);
  const viewport = env.page.viewportSize();
  const y = Math.max(0, f.y - above);
  const bottom = Math.min(viewport.height, f.y + f.height + below);
  await env.wb.screenshot(file, { x: part.x, y, width: Math.min(width, part.width), height: bottom - y });
  if (readmeName) publish(env, file, readmeName);
  return file;
}

export const CHECKS = [
  {
    name: 'activation',
    title: 'opening pmta/config activates the extension (onLanguage:powermta) and the mode reads PowerMTA',
    async run(env) {
      const { wb, page } = env;
      await wb.open(env.url);
      await page.screenshot({ path: env.shot('workbench') });
      await wb.openFile(CONFIG, 'config');
      const mode = page.locator('#status\\.editor\\.mode');
      await mode.filter({ hasText: 'PowerMTA' }).waitFor();
      // The extension host log names the extension and the event that activated it.
      const deadline = Date.now() + wb.stepTimeout;
      let activation;
      while (!activation && Date.now() < deadline) {
        activation = extensionHostLog(env).split('\n').find((l) => /_doActivateExtension powermta-tools\.powermta-language-tools/.test(l));
        if (!activation) await page.waitForTimeout(200);
      }
      if (!activation) throw new Error('no activation of powermta-tools.powermta-language-tools in the extension host log');
      if (!activation.includes("onLanguage:powermta")) throw new Error(`activated by something else: ${activation}`);
      await page.screenshot({ path: env.shot('opened') });
      return `status bar "${(await mode.innerText()).trim()}"; ${activation.replace(/^.*(_doActivateExtension)/, '$1').slice(0, 140)}`;
    },
  },
  {
    name: 'keyword-colour',
    title: 'directive names are tokenized as keywords and drawn in the theme’s keyword colour',
    async run(env) {
      const { wb, page } = env;
      const at = lineOf(env, 'max-smtp-out 10');
      await wb.focusEditor();
      await wb.goTo(at.line, at.column + 2);
      await wb.command('Developer: Inspect Editor Tokens and Scopes');
      const widget = page.locator('.token-inspect-widget');
      await widget.filter({ hasText: 'keyword.other.directive.powermta' }).waitFor();
      const text = normal(await widget.innerText());
      // The inspector names the theme rule that gives the foreground: it must be the `keyword` rule
      // (through the TextMate scope, or through the semantic token mapped to it in package.json).
      if (!text.includes('textmate scopes keyword.other.directive.powermta')) throw new Error(`TextMate scopes: ${text.slice(0, 300)}`);
      const fg = /\bkeyword\s*\{\s*"foreground":\s*"(#[0-9A-Fa-f]{6})/.exec(text)?.[1];
      if (!fg) throw new Error(`the foreground does not come from the theme's keyword rule: ${text.slice(0, 400)}`);
      // The token on screen is drawn in that colour, and plain text (a block argument) is not.
      const colourOf = (locator) => locator.evaluate((el) => getComputedStyle(el).color);
      const token = wb.line('max-smtp-out 10').locator('span span', { hasText: /^max-smtp-out$/ }).first();
      const drawn = await colourOf(token);
      const hex = rgbToHex(drawn);
      if (hex.toLowerCase() !== fg.slice(0, 7).toLowerCase()) throw new Error(`max-smtp-out is drawn ${hex}, the inspector says ${fg}`);
      const valueColour = rgbToHex(await colourOf(wb.line('max-smtp-out 10').locator('span span', { hasText: /^10$/ }).first()));
      if (valueColour === hex) throw new Error('the value is drawn in the same colour as the directive');
      await page.screenshot({ path: env.shot('token-inspector') });
      await page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden' });
      return `keyword.other.directive.powermta, foreground ${fg}, drawn ${hex}`;
    },
  },
  {
    name: 'diagnostics',
    title: 'a mistake gets a squiggle and a Problems entry with its code',
    async run(env) {
      const { wb, page } = env;
      const typo = lineOf(env, TYPO);
      await wb.goTo(typo.line, typo.column);
      await page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning').first().waitFor();
      await wb.showProblems();
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'unknown-directive' }).filter({ hasText: TYPO }).first();
      await row.waitFor();
      const undefinedRef = page.locator('.markers-panel .monaco-list-row', { hasText: 'undefined-reference' }).first();
      await undefinedRef.waitFor();
      const text = normal(await row.innerText());
      if (!text.includes(`[Ln ${typo.line}, Col ${typo.column}]`)) throw new Error(`Problems entry at the wrong place: ${text}`);
      await focusShot(env, 'problems', 'diagnostics', page.locator('.markers-panel').first(), { above: 150, below: 0 });
      await page.screenshot({ path: env.shot('problems-full') });
      await wb.closePanel();
      return text;
    },
  },
  {
    name: 'hover',
    title: 'hovering a directive shows its documentation from the catalogue',
    async run(env) {
      const { wb, page } = env;
      const at = lineOf(env, 'max-smtp-out 20');
      const doc = catalogueEntry(env, 'max-smtp-out').doc;
      const words = doc.split(/\s+/).slice(0, 6).join(' ');
      const hover = await wb.hoverAt(at.line, at.column + 3, words);
      await focusShot(env, 'hover', 'hover', hover, { above: 30, below: 50 });
      const text = normal(await hover.innerText());
      await page.keyboard.press('Escape');
      return text.slice(0, 120);
    },
  },
  {
    name: 'completion',
    title: 'completion inside a <domain> block lists max-smtp-out',
    async run(env) {
      const { wb, page } = env;
      const at = lineOf(env, 'backoff-retry-after 20m');
      await wb.goTo(at.line, at.column);
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('max-smtp');
      await page.keyboard.press('Control+Space');
      // Not a word-based suggestion (text icon): the item must come from the language server.
      const item = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: 'max-smtp-out' }).filter({ hasNot: page.locator('.codicon-symbol-text') }).first();
      await item.waitFor();
      await focusShot(env, 'completion', 'completion', page.locator('.suggest-widget.visible'), { above: 110 });
      const labels = await page.locator('.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts();
      await page.keyboard.press('Escape');
      await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden' });
      await page.keyboard.press('Control+Shift+k'); // delete the line typed for this step
      await wb.save();
      await wb.fileSatisfies(configPath(env), (t) => !/^\s*max-smtp$/m.test(t), 'dropped the typed line');
      return `suggestions: ${labels.slice(0, 6).join(', ')}`;
    },
  },
  {
    name: 'quick-fix',
    title: `the quick fix repairs the typo ${TYPO}`,
    async run(env) {
      const { wb, page } = env;
      const at = lineOf(env, TYPO);
      await wb.goTo(at.line, at.column + 2);
      const action = page.locator('.action-widget .monaco-list-row', { hasText: FIXED }).first();
      await wb.repeatUntil(async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
      }, action);
      await focusShot(env, 'quick-fix', 'quick-fix', action, { above: 110, below: 60 });
      const title = normal(await action.innerText());
      await action.click();
      await wb.save();
      await wb.fileSatisfies(configPath(env), (t) => !t.includes(`${TYPO} `) && new RegExp(`^\\s*${FIXED} 50\\b`, 'm').test(t), `got ${FIXED} 50`);
      // The diagnostic goes with the mistake: no squiggle left on that line.
      await wb.line(`${FIXED} 50`).waitFor();
      const lineTop = (await wb.box(wb.line(`${FIXED} 50`))).y;
      const squiggles = page.locator('.editor-instance .squiggly-warning, .editor-instance .squiggly-error');
      const deadline = Date.now() + wb.stepTimeout;
      for (;;) {
        const tops = await squiggles.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
        if (!tops.some((t) => Math.abs(t - lineTop) < 3)) break;
        if (Date.now() > deadline) throw new Error('the squiggle stayed on the repaired line');
        await page.waitForTimeout(100);
      }
      return `applied "${title}"`;
    },
  },
  {
    name: 'snippet',
    title: 'a snippet inserts a virtual MTA',
    async run(env) {
      const { wb, page } = env;
      const snippet = virtualMtaSnippet(env);
      await wb.focusEditor();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await page.keyboard.type(snippet.prefix);
      await page.keyboard.press('Control+Space');
      const item = page.locator('.suggest-widget.visible .monaco-list-row', { hasText: snippet.prefix }).filter({ has: page.locator('.codicon-symbol-snippet') }).first();
      await item.waitFor();
      await focusShot(env, 'snippet-menu', undefined, page.locator('.suggest-widget.visible'));
      await item.click();
      await page.locator('.editor-instance .view-line', { hasText: `</${'virtual-mta'}>` }).first().waitFor();
      await focusShot(env, 'snippet', 'snippet', page.locator('.editor-instance .view-line', { hasText: '</virtual-mta>' }).last(), { above: 150, below: 30 });
      await page.keyboard.press('Escape');
      await wb.save();
      const text = await wb.fileSatisfies(configPath(env), (t) => t.includes(snippet.expected[0]) && t.includes(snippet.expected.at(-1)), 'got the snippet');
      const got = text.split('\n').map((l) => l.trim());
      const start = got.indexOf(snippet.expected[0]);
      const inserted = got.slice(start, start + snippet.expected.length);
      if (inserted.join('\n') !== snippet.expected.join('\n')) throw new Error(`inserted:\n${inserted.join('\n')}\nexpected:\n${snippet.expected.join('\n')}`);
      return `"${snippet.prefix}" → ${snippet.expected.length} lines`;
    },
  },
  {
    name: 'unfinished-tag',
    title: 'a tag typed above other blocks, before its >, is one problem on its own line',
    async run(env) {
      const { wb, page } = env;
      // Above the first top-level block after the settings: the blocks below must stay top-level.
      const at = lineOf(env, '<spool ');
      await wb.goTo(at.line, 1);
      await page.keyboard.press('Enter');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.type('<domain typed.example');
      await wb.showProblems();
      const row = (code) => page.locator('.markers-panel .monaco-list-row', { hasText: code });
      const malformed = row('malformed-tag').filter({ hasText: 'typed.example' }).first();
      await malformed.waitFor();
      const text = normal(await malformed.innerText());
      if (!text.includes(`[Ln ${at.line}, Col 1]`)) throw new Error(`Problems entry at the wrong place: ${text}`);
      // Published with the same diagnostics: the blocks below would be misplaced inside the tag.
      const misplaced = await row('misplaced-block').count();
      if (misplaced > 0) throw new Error(`${misplaced} misplaced-block problems below the unfinished tag`);
      await wb.closePanel();
      await wb.focusEditor();
      await page.keyboard.press('Control+Shift+k'); // delete the line typed for this step
      await wb.save();
      await wb.fileSatisfies(configPath(env), (t) => !t.includes('typed.example'), 'dropped the typed line');
      return text.slice(0, 160);
    },
  },
  {
    name: 'auto-close-tag',
    title: 'typing the > of <domain …> inserts a body line and </domain>',
    async run(env) {
      const { wb, page } = env;
      await wb.focusEditor();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      const where = page.locator('#status\\.editor\\.selection');
      const tag = '<domain example.org';
      await page.keyboard.type(tag);
      await where.filter({ hasText: `Col ${tag.length + 1}` }).waitFor();
      const line = Number(/Ln (\d+)/.exec(await where.innerText())[1]);
      await page.keyboard.type('>');
      // The closing tag arrives asynchronously; the cursor then sits on the indented body line.
      await where.filter({ hasText: `Ln ${line + 1}, Col 5` }).waitFor();
      await page.keyboard.type('max-smtp-out 5');
      await wb.save();
      const text = await wb.fileSatisfies(configPath(env), (t) => t.includes('<domain example.org>'), 'got the new block');
      const lines = text.split('\n');
      const i = lines.indexOf('<domain example.org>');
      const block = lines.slice(i, i + 3);
      if (!/^\s+max-smtp-out 5$/.test(block[1] ?? '') || block[2] !== '</domain>') throw new Error(`got ${JSON.stringify(block)}`);
      return JSON.stringify(block);
    },
  },
  {
    name: 'outline',
    title: 'the Outline view lists the blocks',
    async run(env) {
      const { wb, page } = env;
      // Give the Outline room: collapse the folder tree above it.
      const folders = page.locator('.pane-header', { hasText: /^workspace/i }).first();
      if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
      await wb.command('Explorer: Focus on Outline View');
      const outline = page.locator('.pane', { has: page.locator('.pane-header', { hasText: /outline/i }) });
      await outline.locator('.monaco-list-row').first().waitFor();
      const rows = await outline.locator('.monaco-list-row').allInnerTexts();
      await page.screenshot({ path: env.shot('outline') });
      const file = env.shot('outline-pane');
      await outline.screenshot({ path: file });
      publish(env, file, 'outline');
      // Walk the whole (virtualised) tree with the keyboard, collecting every row it renders.
      await outline.locator('.monaco-list').first().focus();
      await page.keyboard.press('Home');
      const focused = outline.locator('.monaco-list-row.focused');
      await focused.waitFor();
      const seen = new Set();
      for (let i = 0; i < 100; i++) {
        for (const r of await outline.locator('.monaco-list-row').allInnerTexts()) seen.add(normal(r));
        const before = await focused.innerText();
        await page.keyboard.press('PageDown');
        if (!(await wb.changes(() => focused.innerText(), before, 2000))) break; // the last row is reached
      }
      const wanted = ['<virtual-mta vmta-transactional>', '<virtual-mta-pool pool-marketing>', '<domain gmail.com>', '<domain $yahoo>', '<smtp-pattern-list blocking-errors>', '<pattern-list route-by-sender>', '<source 0/0>'];
      const missing = wanted.filter((w) => ![...seen].some((r) => r.startsWith(w)));
      if (missing.length) throw new Error(`the Outline lacks ${missing.join(', ')} (rows: ${[...seen].slice(0, 40).join(' | ')})`);
      return `${rows.length} rows: ${rows.slice(0, 6).map(normal).join(' | ')}`;
    },
  },
  {
    name: 'check-command',
    title: '"PowerMTA: Check configuration" lists the findings in the PowerMTA output channel',
    async run(env) {
      const { wb, page } = env;
      await wb.openFile(CONFIG, 'config');
      await wb.command('PowerMTA: Check configuration');
      const toast = page.locator('.notification-toast', { hasText: /PowerMTA: \d+ error\(s\), \d+ warning\(s\)/ }).first();
      await toast.waitFor();
      const output = page.locator('.part.panel .monaco-editor', { hasText: 'PowerMTA check:' }).first();
      await output.waitFor();
      await output.filter({ hasText: /\[(error|warning)\]\s+pmta\/config:\d+:\d+:\s+[a-z-]+:/ }).waitFor();
      await page.screenshot({ path: env.shot('check-configuration') });
      const summary = normal(await toast.innerText());
      return summary.slice(0, 100);
    },
  },
  {
    name: 'dns-command',
    title: 'the palette offers "PowerMTA: Check DNS (PTR, DKIM, SPF)" once the extension runs',
    async run(env) {
      const labels = await env.wb.paletteLabels('PowerMTA: Check', 'PowerMTA: Check configuration');
      if (!labels.some((l) => l.includes('PowerMTA: Check DNS (PTR, DKIM, SPF)'))) throw new Error(`not listed: ${labels.join(' | ')}`);
      return labels.join(' | ');
    },
  },
  {
    name: 'restart-command',
    title: '"PowerMTA: Restart language server" restarts it and diagnostics come back',
    async run(env) {
      const { wb, page } = env;
      const before = countLogLines(env, /PowerMTA language server restarted/);
      await wb.command('PowerMTA: Restart language server');
      const deadline = Date.now() + wb.stepTimeout;
      while (countLogLines(env, /PowerMTA language server restarted/) <= before) {
        if (Date.now() > deadline) throw new Error('no "restarted" line in the PowerMTA output channel log');
        await page.waitForTimeout(200);
      }
      await wb.openFile(CONFIG, 'config');
      const typo = lineOf(env, 'bounce-after 3x');
      await wb.goTo(typo.line, typo.column);
      await page.locator('.editor-instance .squiggly-error').first().waitFor();
      return 'restarted; squiggles are back';
    },
  },
  {
    name: 'live-settings',
    title: 'changing powermta.diagnostics.severity applies without a restart',
    async run(env) {
      const { wb, page } = env;
      const settingsFile = join(env.profile.userData, 'User', 'settings.json');
      // Without the setting this check changes, should an earlier attempt have left it behind.
      const { 'powermta.diagnostics.severity': leftOver, ...original } = JSON.parse(readFileSync(settingsFile, 'utf8'));
      if (leftOver !== undefined) await wb.writeUserSettings(original, settingsFile);
      await wb.showProblems();
      const row = (code) => page.locator('.markers-panel .monaco-list-row', { hasText: code }).first();
      await row('undefined-reference').waitFor();
      await wb.writeUserSettings({ ...original, 'powermta.diagnostics.severity': { 'undefined-reference': 'off' } }, settingsFile);
      await row('undefined-reference').waitFor({ state: 'detached' });
      await row('invalid-value').waitFor();
      await page.screenshot({ path: env.shot('severity-off') });
      await wb.writeUserSettings(original, settingsFile);
      await row('undefined-reference').waitFor();
      await wb.closePanel();
      return 'undefined-reference disappeared with "off" and came back when the setting was removed';
    },
  },
];

function rgbToHex(rgb) {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  if (!m) return rgb;
  return `#${m.slice(1, 4).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
}

/** All extension-host logs of the profile, concatenated. */
function extensionHostLog(env) {
  return readLogs(join(env.profile.userData, 'logs'), (name) => /exthost/i.test(name) && name.endsWith('.log'));
}

function countLogLines(env, pattern) {
  const text = readLogs(join(env.profile.userData, 'logs'), (name) => /PowerMTA/i.test(name) && name.endsWith('.log'));
  return text.split('\n').filter((l) => pattern.test(l)).length;
}

function readLogs(dir, wanted) {
  if (!existsSync(dir)) return '';
  let text = '';
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) text += readLogs(path, wanted);
    else if (wanted(name)) text += `${readFileSync(path, 'utf8')}\n`;
  }
  return text;
}

/** The snippet whose body opens a <virtual-mta>, with the lines it should leave behind (defaults filled in). */
function virtualMtaSnippet(env) {
  const file = join(env.root, 'snippets', 'powermta.json');
  if (!existsSync(file)) throw new Error('snippets/powermta.json does not exist');
  const snippets = Object.values(JSON.parse(readFileSync(file, 'utf8')));
  const s = snippets.find((x) => [x.body].flat()[0].startsWith('<virtual-mta '));
  if (!s) throw new Error('no snippet in snippets/powermta.json opens a <virtual-mta> block');
  const fill = (line) => line.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{?\d+\}?/g, '').trim();
  return { prefix: [s.prefix].flat()[0], expected: [s.body].flat().map(fill) };
}
