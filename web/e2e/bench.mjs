// make bench-web: the production bundle's gzipped JavaScript, and the time from choosing Example 3 in the app to
// its week drawn, in Chromium against a real `ly serve` (median of a few runs, each a fresh copy of the file so
// the server's OCR cache never answers). Reports figures; never fails on them.
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, openPage } from './support/browser.mjs';
import { WEB_DIST, startServer } from './support/server.mjs';
import { PASSWORD, register, sampleFile } from './support/flows.mjs';

const RUNS = Number(process.env.RUNS ?? 3);

/** The execution's length for the timetable `timetableId`, with a sign-in of its own. */
async function pipelineMs(origin, timetableId) {
  const login = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@school.test', password: PASSWORD }),
  });
  const { accessToken } = await login.json();
  const get = async (path) => (await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
  const timetable = await get(`/api/v1/timetables/${timetableId}`);
  const execution = await get(`/api/v1/documents/${timetable.documentId}/execution`);
  return Date.parse(execution.updatedAt) - Date.parse(execution.startedAt);
}

const assets = join(WEB_DIST, 'assets');
let gzipped = 0;
let raw = 0;
for (const file of readdirSync(assets).filter((name) => name.endsWith('.js'))) {
  const bytes = readFileSync(join(assets, file));
  raw += bytes.length;
  gzipped += gzipSync(bytes, { level: 9 }).length;
}
console.log(`web bundle: ${(raw / 1024).toFixed(1)} KB of JS, ${(gzipped / 1024).toFixed(1)} KB gzipped (target ≤ 200 KB)`);

const server = await startServer();
const browser = await launchBrowser();
const folder = mkdtempSync(join(tmpdir(), 'ly-web-bench-'));
const original = readFileSync(sampleFile('Teacher Timetable Example 3.png'));
const timings = [];
const pipelineTimes = [];
const uploadTimes = [];
const uiTimes = [];
try {
  const { page } = await openPage(browser);
  await register(page, server.origin, 'bench@school.test');
  await page.getByTestId('live-status').getByText('Live').waitFor();
  for (let run = 0; run < RUNS; run += 1) {
    // Bytes after the PNG's end change its hash, not its picture: a new document each run.
    const copy = join(folder, `Example 3 run ${run}.png`);
    writeFileSync(copy, Buffer.concat([original, Buffer.from(`bench ${run} ${Date.now()}`)]));
    await page.goto(`${server.origin}/`);
    await page.getByText('Drop your timetable here').waitFor();
    const putDone = page.waitForResponse((response) => response.request().method() === 'PUT');
    const started = Date.now();
    await page.getByTestId('file-input').setInputFiles(copy);
    await putDone;
    uploadTimes.push(Date.now() - started);
    await page.getByRole('link', { name: 'Open your week' }).waitFor({ timeout: 60_000 });
    const savedShown = Date.now();
    await page.getByRole('link', { name: 'Open your week' }).click();
    await page.getByRole('grid').locator('[data-block-id]').first().waitFor();
    const drawn = Date.now();
    timings.push(drawn - started);
    uiTimes.push(drawn - savedShown);
    // The server's share: the execution's run, from its first state to its last (GET …/execution).
    pipelineTimes.push(await pipelineMs(server.origin, new URL(page.url()).pathname.split('/').pop()));
  }
} finally {
  await browser.close();
  await server.stop();
}
timings.sort((a, b) => a - b);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`  of which: the upload (reserve + PUT) ${median(uploadTimes)} ms; the server's pipeline (execution start to end) ${median(pipelineTimes)} ms; from "Open your week" to the week drawn ${median(uiTimes)} ms (medians)`);
console.log(`upload → week drawn, Example 3: median ${timings[Math.floor(timings.length / 2)]} ms over ${RUNS} runs (${timings.join(', ')} ms; target ≤ 1500 ms)`);
