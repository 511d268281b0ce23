// Steps the end-to-end tests share: an account, an upload through the app, the week's blocks as the DOM shows them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES } from './server.mjs';

export const PASSWORD = 'correct horse battery staple';

export function sampleFile(name) {
  return join(SAMPLES, name);
}

/** The truth file of a sample (../shared/eval/TRUTH.md). */
export function truthOf(name) {
  return JSON.parse(readFileSync(join(SAMPLES, name.replace(/\.[^.]+$/, '.truth.json')), 'utf8'));
}

export async function register(page, origin, email, name = 'Ann Teacher') {
  await page.goto(`${origin}/register`);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Drop your timetable here').waitFor();
}

/** Chooses a file in the upload panel; the caller waits for what should follow. */
export async function chooseFile(page, path) {
  await page.getByTestId('file-input').setInputFiles(path);
}

/** The blocks the week view draws: each cell's accessible name and its id. */
export async function drawnBlocks(page) {
  const grid = page.getByRole('grid');
  await grid.waitFor();
  return grid.locator('[data-block-id]').evaluateAll((cells) =>
    cells.map((cell) => ({ id: cell.dataset.blockId, day: cell.dataset.row, name: cell.textContent.trim() })));
}

/** A block's cell by its spoken label's start ("Morning Work, Monday 9:00 to 9:15"). */
export function blockCell(page, label) {
  return page.getByRole('grid').getByRole('button', { name: label, exact: false });
}

export function spoken(time) {
  const [hours, minutes] = time.split(':');
  return `${Number(hours)}:${minutes}`;
}

export function expectNoSeriousViolations(violations, screen) {
  assert.deepEqual(violations, [], `axe found serious or critical violations on ${screen}: ${JSON.stringify(violations, null, 1)}`);
}
