// A document below the review threshold: the server is started with thresholds no read can reach, so Example 3
// waits for the teacher. The app offers the review, the teacher corrects a block in the draft and submits, and
// the page hears hitl.completed … job.completed and opens the saved week with the correction.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, seriousAxeViolations } from './support/browser.mjs';
import { startServer } from './support/server.mjs';
import { PASSWORD, blockCell, chooseFile, drawnBlocks, expectNoSeriousViolations, register, sampleFile } from './support/flows.mjs';

const EXAMPLE_3 = 'Teacher Timetable Example 3.png';

describe('human review in the web app', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer(['--validated-at', '1', '--llm-at', '1']);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a draft below the threshold → review → submit → the saved week', async () => {
    const { page, context, unexpectedConsoleErrors } = await openPage(browser);
    await register(page, server.origin, 'reviewer@school.test');
    await page.getByTestId('live-status').getByText('Live').waitFor();
    await chooseFile(page, sampleFile(EXAMPLE_3));
    const check = page.getByRole('link', { name: 'Check it now' });
    await check.waitFor({ timeout: 60_000 });
    await page.getByText('Waiting for you to check it').waitFor();

    await page.getByRole('link', { name: 'To check' }).click();
    await page.getByRole('heading', { name: 'To check' }).waitFor();
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the review queue');
    await page.getByRole('link', { name: 'Check it' }).first().click();

    const draftBlocks = await drawnBlocks(page);
    assert.ok(draftBlocks.length > 20, `the draft shows ${draftBlocks.length} blocks`);
    await page.getByRole('img', { name: /The uploaded document/ }).waitFor();
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the review screen');

    await blockCell(page, 'Morning Work, Monday 9:00 to 9:15').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('A block needs a name.').waitFor();
    await dialog.getByLabel('Name').fill('Morning Work (checked)');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Looks right: save my week' }).click();
    await page.waitForURL(/\/timetables\//, { timeout: 60_000 });
    await blockCell(page, 'Morning Work (checked), Monday 9:00 to 9:15').waitFor();
    assert.equal((await drawnBlocks(page)).length, draftBlocks.length);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the reviewed week');

    await page.getByRole('link', { name: 'How it was read' }).click();
    await page.locator('[data-state="Request Human Review"][data-visited="true"]').waitFor();

    // The e-mails' link, /documents/{id}, opens the saved week, after signing in when signed out.
    const documentId = new URL(page.url()).pathname.split('/')[2];
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(`${server.origin}/documents/${documentId}`);
    await page.getByLabel('E-mail').fill('reviewer@school.test');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/timetables\//);
    await blockCell(page, 'Morning Work (checked), Monday 9:00 to 9:15').waitFor();
    assert.deepEqual(unexpectedConsoleErrors(), []);
    await context.close();
  });
});
