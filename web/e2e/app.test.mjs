// The teacher's path through the app against a real `ly serve --web-root web/dist`: register, upload Example 3
// through the pre-signed URL, watch the stages arrive live, read the week, correct a block, reload, export,
// subscribe, reopen offline; plus a wrong password and files the app refuses before sending. axe-core checks
// every screen; no test may leave a console error it did not provoke on purpose.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, seriousAxeViolations } from './support/browser.mjs';
import { REPO, startServer } from './support/server.mjs';
import {
  PASSWORD, blockCell, chooseFile, drawnBlocks, expectNoSeriousViolations, register, sampleFile, spoken, truthOf,
} from './support/flows.mjs';

const EXAMPLE_3 = 'Teacher Timetable Example 3.png';
const EXAMPLE_1 = 'Teacher Timetable Example 1.1.png';
const SCREENSHOTS = join(REPO, 'docs', 'screenshots');

describe('the teacher web app', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the app shell: served by ly serve under its CSP, installable (manifest and icons), assets cached for good', async () => {
    const index = await fetch(`${server.origin}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-security-policy'), /script-src 'self'/);
    const html = await index.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    assert.doesNotMatch(html, /<style|style=/, 'no inline style');
    const manifest = await (await fetch(`${server.origin}/manifest.webmanifest`)).json();
    assert.equal(manifest.display, 'standalone');
    for (const icon of manifest.icons) {
      const answer = await fetch(new URL(icon.src, server.origin));
      assert.equal(answer.status, 200, icon.src);
      assert.equal(answer.headers.get('content-type'), 'image/png');
      assert.deepEqual([...new Uint8Array(await answer.arrayBuffer()).slice(1, 4)], [0x50, 0x4e, 0x47]);
    }
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)[1];
    assert.match((await fetch(`${server.origin}${script}`)).headers.get('cache-control'), /immutable/);
    assert.equal((await fetch(`${server.origin}/sw.js`)).status, 200);
  });

  test('a wrong password gets a clear message and no session', async () => {
    const { page, context, expectConsoleError, unexpectedConsoleErrors } = await openPage(browser);
    await register(page, server.origin, 'wrong-password@school.test');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the sign-in page');

    expectConsoleError(/status of 401/); // the login's refusal, which the browser logs itself
    await page.getByLabel('E-mail').fill('wrong-password@school.test');
    await page.getByLabel('Password').fill('not my password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /e-mail and password do not match/);
    assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the sign-in error');
    assert.equal(await page.evaluate(() => localStorage.getItem('ly.refreshToken')), null);

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Drop your timetable here').waitFor();
    assert.deepEqual(unexpectedConsoleErrors(), []);
    await context.close();
  });

  test('a refresh token used twice ends the session everywhere, and the page says so', async () => {
    const { page, context, expectConsoleError, unexpectedConsoleErrors } = await openPage(browser);
    await register(page, server.origin, 'stolen-token@school.test');
    // Someone else uses this browser's refresh token first (a stolen copy): the browser's own is now spent.
    const stolen = await page.evaluate(() => localStorage.getItem('ly.refreshToken'));
    const thief = await fetch(`${server.origin}/api/v1/auth/refresh`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: stolen }),
    });
    assert.equal(thief.status, 200);
    const thiefPair = await thief.json();

    expectConsoleError(/status of 401/); // the refused refresh
    await page.reload();
    const notice = page.getByRole('status').filter({ hasText: 'signed out on every device' });
    await notice.waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('ly.refreshToken')), null);
    // Reuse revoked the whole sign-in: the thief's newer token is refused too.
    const after = await fetch(`${server.origin}/api/v1/auth/refresh`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: thiefPair.refreshToken }),
    });
    assert.equal(after.status, 401);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the signed-out notice');
    assert.deepEqual(unexpectedConsoleErrors(), []);
    await context.close();
  });

  test('a file too large or of the wrong kind is refused before anything is sent', async () => {
    const { page, context, expectConsoleError, unexpectedConsoleErrors } = await openPage(browser);
    await register(page, server.origin, 'refused-files@school.test');
    const limits = await (await fetch(`${server.origin}/api/v1/limits`)).json();
    const uploads = [];
    page.on('request', (request) => {
      if (request.url().includes('/documents/upload') || request.url().includes('/api/v1/uploads/')) uploads.push(request.url());
    });
    await page.getByTestId('file-input').setInputFiles([
      { name: 'huge-scan.png', mimeType: 'image/png', buffer: Buffer.alloc(limits.maxUploadBytes + 1, 1) },
      { name: 'song.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from('ID3 not a timetable') },
    ]);
    // Dropped on the drop zone, the same checks apply.
    await page.getByText('Drop your timetable here').evaluate((zone) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['a,b'], 'notes.xlsx', { type: 'application/vnd.ms-excel' }));
      zone.closest('.drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    assert.match(await page.getByRole('listitem', { name: 'notes.xlsx' }).getByRole('alert').textContent(), /not a kind of file we can read/);
    const huge = page.getByRole('listitem', { name: 'huge-scan.png' });
    const song = page.getByRole('listitem', { name: 'song.mp3' });
    assert.match(await huge.getByRole('alert').textContent(), /larger than the .* we accept/);
    assert.match(await song.getByRole('alert').textContent(), /not a kind of file we can read/);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the refused uploads');
    assert.deepEqual(uploads, [], 'nothing may be sent for a refused file');

    // Files that pass the app's checks but not the server's: text named .png is refused by the upload URL, a
    // PNG broken inside fails in the pipeline; each says why in a teacher's words, with a retry.
    expectConsoleError(/status of 415/);
    await page.getByTestId('file-input').setInputFiles(
      { name: 'not-really.png', mimeType: 'image/png', buffer: Buffer.from('this is just text, not a picture') });
    const textFailure = page.getByRole('listitem', { name: 'not-really.png' }).getByRole('alert');
    await textFailure.waitFor({ timeout: 30_000 });
    assert.match(await textFailure.textContent(), /not the picture or document its name says/);
    assert.equal(await textFailure.getByRole('button', { name: 'Try again' }).count(), 1);
    const brokenPng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000, 7)]);
    await page.getByTestId('file-input').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: brokenPng });
    const pipelineFailure = page.getByRole('listitem', { name: 'broken.png' }).getByRole('alert');
    await pipelineFailure.waitFor({ timeout: 30_000 });
    assert.match(await pipelineFailure.textContent(), /could not open this file: it seems damaged/);
    assert.equal(await pipelineFailure.getByRole('button', { name: 'Try again' }).count(), 1);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'failed documents');
    assert.deepEqual(unexpectedConsoleErrors(), []);
    await context.close();
  });

  test('upload → live stages → the week → a correction that persists → .ics, the calendar feed, offline', async () => {
    const { page, context, expectConsoleError, unexpectedConsoleErrors } = await openPage(browser);
    await register(page, server.origin, 'ann@school.test');
    await page.getByTestId('live-status').getByText('Live').waitFor();
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the home page');

    // The upload goes to the pre-signed URL with a PUT.
    const put = page.waitForRequest((request) => request.method() === 'PUT' && request.url().includes('/api/v1/uploads/'));
    await chooseFile(page, sampleFile(EXAMPLE_3));
    assert.match((await put).url(), /X-Ly-Signature=/);

    // Stages are recorded as they turn done: live, they arrive one after another, not all at once.
    await page.evaluate(() => {
      window.__stageTimes = {};
      new MutationObserver(() => {
        for (const stage of document.querySelectorAll('[data-stage][data-done="true"]')) {
          window.__stageTimes[stage.dataset.stage] ??= performance.now();
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const progress = page.getByRole('list', { name: `Progress of ${EXAMPLE_3}` });
    await progress.waitFor();
    const open = page.getByRole('link', { name: 'Open your week' });
    await open.waitFor({ timeout: 60_000 });
    const stageTimes = await page.evaluate(() => window.__stageTimes);
    const order = ['classified', 'prepared', 'read', 'checked', 'saved'];
    for (const stage of order) assert.ok(stageTimes[stage] !== undefined, `stage ${stage} never showed as done`);
    assert.ok(stageTimes.prepared < stageTimes.saved, 'the stages arrived one by one');
    assert.equal(await progress.locator('[data-done="true"]').count(), 6);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the upload progress');

    await open.click();
    const blocks = await drawnBlocks(page);
    const truth = truthOf(EXAMPLE_3);
    const required = truth.timeblocks.filter((block) => !block.optional);
    assert.ok(blocks.length >= required.length && blocks.length <= truth.timeblocks.length,
      `the week draws ${blocks.length} blocks; the truth has ${required.length} required of ${truth.timeblocks.length}`);
    const timetableId = new URL(page.url()).pathname.split('/').pop();
    const stored = (await apiGet(server.origin, 'ann@school.test', `/api/v1/timetables/${timetableId}`)).timeblocks.length;
    assert.equal(blocks.length, stored, 'every stored block is drawn');
    // A few blocks by name and time, as a screen reader hears them (the truth's first name, 24-hour times).
    for (const index of [2, 4, 10]) {
      const block = truth.timeblocks[index];
      const day = block.day[0].toUpperCase() + block.day.slice(1);
      const label = `, ${day} ${spoken(block.start)} to ${spoken(block.end)}`;
      const matches = await blockCell(page, label).evaluateAll((cells, name) =>
        cells.filter((cell) => cell.textContent.replace(/[’']/g, "'").includes(name.replace(/[’']/g, "'"))).length, block.names[0]);
      assert.ok(matches >= 1, `no cell for ${block.names[0]}${label}`);
    }
    await page.getByRole('grid').getByRole('button').first().focus();
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the week view');
    await screenshotWeek(page, 'example-3');

    // A correction: a wrong end first (the server's problem names the field), then a good one.
    expectConsoleError(/status of 400/);
    await blockCell(page, 'Morning Work, Monday 9:00 to 9:15').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the correction dialog');
    await dialog.getByLabel('End').fill('08:00');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Must be after the start').waitFor();
    assert.equal(await dialog.getByLabel('End').getAttribute('aria-invalid'), 'true');
    await dialog.getByLabel('End').fill('09:20');
    await dialog.getByLabel('Name').fill('Morning Work and Reading');
    await dialog.getByLabel('Notes').fill('Quiet start');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('Changed Morning Work.').waitFor();
    await page.reload();
    await blockCell(page, 'Morning Work and Reading, Monday 9:00 to 9:20').waitFor();
    assert.equal(await blockCell(page, 'Morning Work, Monday 9:00 to 9:15').count(), 0);

    // Keyboard: arrow keys move between blocks; a deleted block comes back with Undo.
    const first = blockCell(page, 'Morning Work and Reading, Monday 9:00 to 9:20');
    await first.focus();
    await page.keyboard.press('ArrowRight');
    assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^Daily 5: Station 1, Monday 9:20 to 9:30|^Daily 5: Station 1, Monday/);
    await page.keyboard.press('ArrowDown');
    assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /, Tuesday /);
    await page.keyboard.press('Enter');
    const tuesdayDialog = page.getByRole('dialog');
    const deletedName = await tuesdayDialog.getByLabel('Name').inputValue();
    await tuesdayDialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('status').getByText(`Deleted ${deletedName}.`).waitFor();
    assert.equal((await drawnBlocks(page)).length, blocks.length - 1);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForFunction((count) => document.querySelectorAll('[role=grid] [data-block-id]').length === count, blocks.length);

    // Adding a block (past the day's end, so the axis widens to it), then taking it back with Undo.
    await page.getByRole('button', { name: 'Add a block' }).click();
    const addDialog = page.getByRole('dialog');
    await addDialog.getByLabel('Name').fill("Parents' evening");
    await addDialog.getByLabel('Day').selectOption('wednesday');
    await addDialog.getByLabel('Start').fill('16:00');
    await addDialog.getByLabel('End').fill('17:00');
    await addDialog.getByRole('button', { name: 'Save' }).click();
    await blockCell(page, "Parents' evening, Wednesday 16:00 to 17:00").waitFor();
    assert.match(await page.getByRole('grid').getByRole('columnheader').nth(1).getAttribute('aria-label'), /to 17:00$/);
    await page.getByRole('button', { name: 'Undo' }).click();
    await blockCell(page, "Parents' evening").waitFor({ state: 'detached' });

    // Printing: the week fits one A4 landscape page.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    assert.equal((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length, 1, 'the printed week is one page');

    // Export .ics: the download carries the corrected block.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download .ics' }).click();
    const ics = readFileSync(await (await download).path(), 'utf8');
    assert.match(ics, /BEGIN:VCALENDAR/);
    assert.match(ics, /SUMMARY:Morning Work and Reading/);

    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download .csv' }).click();
    const csv = readFileSync(await (await csvDownload).path(), 'utf8');
    assert.match(csv, /Morning Work and Reading/);
    assert.equal(csv.trim().split('\n').length, blocks.length + 1, 'a header and a line per block');

    // Subscribe: the private feed URL serves the corrected block without signing in, until it is revoked.
    await page.getByRole('button', { name: 'Subscribe in your calendar' }).click();
    const feedUrl = await page.getByTestId('feed-url').inputValue();
    assert.match(feedUrl, /\/api\/v1\/calendar\/[^/]+\.ics$/);
    const feed = await fetch(feedUrl);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get('content-type'), /text\/calendar/);
    assert.match(await feed.text(), /SUMMARY:Morning Work and Reading/);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the exports');

    // Offline: the timetable already seen reopens from IndexedDB through the service worker's shell.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      for (let i = 0; i < 50 && !navigator.serviceWorker.controller; i += 1) await new Promise((r) => setTimeout(r, 100));
    });
    expectConsoleError(/ERR_INTERNET_DISCONNECTED|Failed to fetch/);
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('offline-notice').waitFor();
    await blockCell(page, 'Morning Work and Reading, Monday 9:00 to 9:20').waitFor();
    assert.equal((await drawnBlocks(page)).length, blocks.length);
    assert.equal(await page.getByRole('button', { name: 'Add a block' }).isDisabled(), true);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the offline week');
    // Back online, the page recovers by itself: the session is refreshed and the week is editable again. (No reload
    // here: one in the middle of that refresh would lose its answer, and with it the rotated refresh token.)
    await context.setOffline(false);
    await page.getByTestId('offline-notice').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Add a block' }).and(page.locator(':enabled')).waitFor();

    // Revoked, the feed answers no more.
    await page.getByRole('button', { name: 'Revoke' }).first().click();
    await page.getByRole('list', { name: 'Calendar links' }).waitFor({ state: 'detached' });
    assert.equal((await fetch(feedUrl)).status, 404);
    assert.deepEqual(unexpectedConsoleErrors(), []);
    await context.close();
  });

  test('a dropped live connection reconnects and catches up on the stages it missed', async () => {
    const { page, context, expectConsoleError, unexpectedConsoleErrors } = await openPage(browser);
    // Before the app loads: WebSockets the test can drop and keep from reconnecting (a network outage).
    await page.addInitScript(() => {
      const RealWebSocket = window.WebSocket;
      window.__live = { sockets: [], sent: [], blocked: false };
      window.WebSocket = class extends RealWebSocket {
        constructor(url, protocols) {
          super(window.__live.blocked ? url.replace('/ws?', '/ws-unreachable?') : url, protocols);
          window.__live.sockets.push(this);
        }
        send(data) {
          window.__live.sent.push(data);
          super.send(data);
        }
      };
    });
    expectConsoleError(/WebSocket connection to '.*\/ws-unreachable\?/); // the outage's refused attempts
    await register(page, server.origin, 'outage@school.test');
    await page.getByTestId('live-status').getByText('Live').waitFor();
    // A first document read while connected, so the app has an event to resume from.
    const first = join(REPO, 'tests/fixtures/text/week_list.txt');
    await chooseFile(page, first);
    const firstProgress = page.getByRole('list', { name: 'Progress of week_list.txt' });
    await firstProgress.locator('[data-stage="saved"][data-done="true"], [data-stage="review"]')
      .first().waitFor({ timeout: 30_000 });

    // The outage: the connection drops and cannot come back; the second document is uploaded (plain
    // HTTP still works) and read in full meanwhile, whatever the server's speed.
    await page.evaluate(() => {
      window.__live.blocked = true;
      window.__live.sockets.at(-1).close();
    });
    await page.getByTestId('live-status').getByText('Reconnecting…').waitFor();
    await chooseFile(page, sampleFile(EXAMPLE_3));
    const progress = page.getByRole('list', { name: `Progress of ${EXAMPLE_3}` });
    await progress.waitFor();
    for (let i = 0; i < 300; i += 1) {
      const { documents } = await apiGet(server.origin, 'outage@school.test', '/api/v1/documents');
      const read = documents.find((document) => document.filename === EXAMPLE_3);
      if (read && read.status === 'completed') break;
      await new Promise((done) => setTimeout(done, 100));
    }
    assert.equal(await progress.locator('[data-stage="saved"][data-done="true"]').count(), 0, 'saved only happened during the outage');

    // Back: the next attempt connects, asks to resume from the last event it saw, and the missed stages arrive.
    await page.evaluate(() => { window.__live.blocked = false; });
    await page.locator('li', { has: progress }).getByRole('link', { name: 'Open your week' }).waitFor({ timeout: 40_000 });
    const resumes = (await page.evaluate(() => window.__live.sent)).map((text) => JSON.parse(text));
    assert.ok(resumes.some((message) => message.type === 'resume' && typeof message.since === 'string'),
      `the reconnected socket asked to resume: ${JSON.stringify(resumes)}`);
    assert.equal(await progress.locator('[data-done="true"]').count(), 6);
    assert.deepEqual(unexpectedConsoleErrors(), []);
    await context.close();
  });

  test('Example 1.1: checked by the teacher when the server asks for it, then its week, the documents list, the steps', async () => {
    const { page, context, unexpectedConsoleErrors } = await openPage(browser);
    await register(page, server.origin, 'example1@school.test');
    await page.getByTestId('live-status').getByText('Live').waitFor();
    await chooseFile(page, sampleFile(EXAMPLE_1));
    // Read with some doubt: with no LLM configured, such a read waits for the teacher, who checks it here; a
    // server with an LLM may save it at once.
    const next = page.getByRole('link', { name: /^(Check it now|Open your week)$/ });
    await next.waitFor({ timeout: 90_000 });
    const truth = truthOf(EXAMPLE_1);
    const required = truth.timeblocks.filter((block) => !block.optional).length;
    const reviewed = (await next.textContent()) === 'Check it now';
    await next.click();
    if (reviewed) {
      const draft = await drawnBlocks(page);
      assert.ok(draft.length >= required * 0.9, `the draft shows ${draft.length} blocks; the truth has ${required}`);
      await page.getByRole('button', { name: 'Looks right: save my week' }).click();
      await page.waitForURL(/\/timetables\//, { timeout: 60_000 });
      assert.equal((await drawnBlocks(page)).length, draft.length);
    } else {
      assert.ok((await drawnBlocks(page)).length >= required * 0.9);
    }
    await screenshotWeek(page, 'example-1.1');

    // Week navigation: the arrows move the dates a week at a time, "View Today" comes back to today's week.
    const title = page.getByRole('heading', { level: 2, name: /\| Week \d+$/ });
    const thisWeek = await title.textContent();
    const monday = await page.getByRole('rowheader').first().getAttribute('aria-label');
    const weekend = [0, 6].includes(new Date().getDay()); // a weekend has no row unless the timetable uses it
    assert.equal(await page.locator('.is-today').count(), weekend ? 0 : 1, 'today is marked');
    await page.getByRole('button', { name: 'Next week' }).click();
    assert.notEqual(await page.getByRole('rowheader').first().getAttribute('aria-label'), monday);
    assert.equal(await page.locator('.is-today').count(), 0);
    await page.getByRole('button', { name: 'View Today' }).click();
    assert.equal(await title.textContent(), thisWeek);
    assert.equal(await page.getByRole('rowheader').first().getAttribute('aria-label'), monday);

    await page.getByRole('link', { name: 'Your timetables' }).click();
    const row = page.locator('tr', { hasText: EXAMPLE_1 });
    await row.getByText('Ready').waitFor();
    if (reviewed) assert.match(await row.textContent(), /Checked by you \(100%\)/);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the documents list');

    await row.getByRole('link', { name: 'Steps' }).click();
    await page.locator(`[data-state="${reviewed ? 'Request Human Review' : 'Save to Database'}"][data-visited="true"]`).waitFor();
    assert.equal(await page.locator('[data-state="Unsupported Type"][data-visited="true"]').count(), 0);
    expectNoSeriousViolations(await seriousAxeViolations(page), 'the pipeline view');

    // Delete from the documents list: the row goes, and so does the timetable.
    await page.getByRole('link', { name: 'Timetables', exact: true }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('tr', { hasText: EXAMPLE_1 }).getByRole('button', { name: `Delete ${EXAMPLE_1}` }).click();
    await page.getByText('Nothing yet: add your first timetable above.').waitFor();
    const timetables = await apiGet(server.origin, 'example1@school.test', '/api/v1/timetables');
    assert.deepEqual(timetables.timetables, []);
    assert.deepEqual(unexpectedConsoleErrors(), []);
    await context.close();
  });
});

/** A GET with a session of its own (a second sign-in), so the page's session is left as it is. */
async function apiGet(origin, email, path) {
  const login = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }),
  });
  const { accessToken } = await login.json();
  return (await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
}

/** The week at desktop and phone sizes, for the README (docs/screenshots/). */
async function screenshotWeek(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => document.activeElement?.blur());
  await page.mouse.move(5, 5); // no button left hovered
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('grid').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-week-1440.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  // The week's title just under the sticky top bar.
  await page.locator('.week').evaluate((week) => window.scrollTo(0,
    week.getBoundingClientRect().top + window.scrollY - document.querySelector('.top-bar').offsetHeight - 8));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-week-390.png`) });
  await page.setViewportSize({ width: 1440, height: 900 });
}
