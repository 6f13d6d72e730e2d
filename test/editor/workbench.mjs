// Small vocabulary for driving the VS Code workbench (code-server) from Playwright. Every helper
// waits on a condition of the page (an element, a text), never on a fixed sleep.
import { existsSync, readFileSync } from 'node:fs';

const MOD = 'Control';

export class Workbench {
  /** @param {import('playwright-core').Page} page */
  constructor(page, { stepTimeout }) {
    this.page = page;
    this.stepTimeout = stepTimeout;
  }

  get editor() {
    return this.page.locator('.editor-instance .monaco-editor').first();
  }

  async open(url) {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor();
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor();
  }

  /** Runs a command by its palette label (`PowerMTA: Check configuration`). */
  async command(label) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor();
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Opens a workspace file through Quick Open and waits for its editor. */
  async openFile(relativePath, expectTab) {
    await this.page.keyboard.press(`${MOD}+p`);
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(relativePath);
    // The row of that file: until the search answers, the list may still show recent files.
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: relativePath.split('/').pop() }).first();
    await row.waitFor();
    await row.click();
    await this.page.locator('.tab.active', { hasText: expectTab }).waitFor();
    await this.editor.locator('.view-lines').waitFor();
  }

  /** Shows the hover at a 1-based line and column (Ctrl+K Ctrl+I) and returns it once it holds `hasText`. */
  async hoverAt(line, column, hasText) {
    await this.goTo(line, column);
    await this.page.keyboard.press('Control+k');
    await this.page.keyboard.press('Control+i');
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText }).first();
    await hover.waitFor();
    return hover;
  }

  /** The labels the command palette lists for `query` (once `expected`, one of them, is listed); closes it. */
  async paletteLabels(query, expected) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`>${query}`);
    // The palette filters every command at once: when one row is there, all are.
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: expected }).first().waitFor();
    const labels = await this.page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
    await this.page.keyboard.press('Escape');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    return labels.map((l) => l.replace(/\s+/g, ' ').trim());
  }

  async focusEditor() {
    await this.command('View: Focus Active Editor Group');
  }

  /** Puts the cursor at a 1-based line and column (Go to Line). */
  async goTo(line, column = 1) {
    await this.page.keyboard.press(`${MOD}+g`);
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: `line ${line}` }).first().waitFor();
    await this.repeatUntil(() => this.page.keyboard.press('Enter'), this.page.locator('.quick-input-widget'), 'hidden');
    await this.page.locator('.editor-instance .cursor-line-number, #status\\.editor\\.selection', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor();
  }

  /** The rendered text of an editor line that contains `text`. */
  line(text) {
    return this.editor.locator('.view-line', { hasText: text }).first();
  }

  async save() {
    await this.page.keyboard.press(`${MOD}+s`);
    await this.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
  }

  /** Waits until a file on disk satisfies `predicate` (after a save). */
  async fileSatisfies(path, predicate, what) {
    const deadline = Date.now() + this.stepTimeout;
    let text = '';
    while (Date.now() < deadline) {
      text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      if (predicate(text)) return text;
      await this.page.waitForTimeout(100); // polling the disk, not waiting for the UI
    }
    throw new Error(`${path} never ${what}`);
  }

  /** Opens the Problems panel (through the palette: more dependable than the key binding). */
  async showProblems() {
    await this.command('Problems: Focus on Problems View');
    await this.page.locator('.markers-panel').first().waitFor();
  }

  async closePanel() {
    await this.command('View: Toggle Panel Visibility');
    await this.page.locator('.markers-panel').first().waitFor({ state: 'hidden' });
  }

  /**
   * Replaces the user settings through the settings.json editor, as a user would (VS Code then
   * tells extensions about the change), saves, and closes that editor again.
   */
  async writeUserSettings(settings, file) {
    const text = JSON.stringify(settings, null, 2);
    await this.command('Preferences: Open User Settings (JSON)');
    const editor = this.page.locator('.monaco-editor', { hasText: '"files.hotExit"' }).last();
    await editor.waitFor();
    await editor.locator('.view-lines').click();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
    await this.page.keyboard.press('Control+s');
    const same = (t) => {
      try {
        return JSON.stringify(JSON.parse(t)) === JSON.stringify(settings);
      } catch {
        return false; // caught while VS Code was writing it
      }
    };
    await this.fileSatisfies(file, same, 'saved the new settings');
    // The settings editor opens as a modal editor with its own close button. A close that races the
    // editor's own record of the save asks whether to save (seen in a CI run); the file on disk is
    // already right (checked above), so the answer is "Don't Save".
    const close = this.page.locator('[aria-label^="Close Modal Editor"]').first();
    const dontSave = this.page.locator('.monaco-dialog-box').getByRole('button', { name: /Don.t Save/ });
    await this.repeatUntil(
      async () => {
        if (await dontSave.isVisible()) await dontSave.click();
        else if (await close.isVisible()) await close.click();
      },
      editor,
      'detached',
      3000,
    );
  }

  /** Whether `read()` returns something other than `from` within `timeoutMs` (polled). */
  async changes(read, from, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await read()) !== from) return true;
      await this.page.waitForTimeout(50);
    }
    return false;
  }

  /**
   * Does `act`, then waits a while for `locator` to reach `state`, and does it again until the
   * step's time is up: a cold workbench sometimes drops a key press (seen on CI: Enter in Go to
   * Line, Ctrl+. for the quick fixes, with the light bulb already shown).
   */
  async repeatUntil(act, locator, state = 'visible', patienceMs = 10_000) {
    const deadline = Date.now() + this.stepTimeout;
    for (;;) {
      await act();
      try {
        await locator.waitFor({ state, timeout: Math.max(1, Math.min(patienceMs, deadline - Date.now())) });
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
      }
    }
  }

  async screenshot(path, clip) {
    await this.page.screenshot({ path, ...(clip ? { clip } : {}) });
  }

  /** Bounding box of a visible element (Monaco re-creates line nodes while rendering: re-query). */
  async box(locator) {
    const deadline = Date.now() + this.stepTimeout;
    for (;;) {
      await locator.waitFor({ state: 'visible' });
      const b = await locator.boundingBox();
      if (b) return b;
      if (Date.now() > deadline) throw new Error('element is not visible');
    }
  }
}
