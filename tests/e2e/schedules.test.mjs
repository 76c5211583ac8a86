// Scheduling from the composer, in Chromium, against the stack of scripts/dev/stack.sh: a text
// status scheduled a few seconds ahead in the page's own time zone reaches wuts-local at its
// time, once, through the Worker's schedules; the Scheduled panel lists what is upcoming, and
// Cancel cancels it at the Worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { EDGE_URL, PAGE_URL, TOKEN, composerSessions, focusedId, launch, published, shot } from './helpers.mjs';

const session = composerSessions();

/** The Worker's answer to `path`, with the demo's token. */
async function edge(path, method = 'GET') {
  const res = await fetch(`${EDGE_URL}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
  return res.json();
}

/** Cancels every active schedule of the demo's token, so each test starts with none. */
async function cancelAll() {
  const { schedules } = await edge('/schedules');
  for (const s of schedules.filter((s) => s.state === 'active')) await edge(`/schedules/${encodeURIComponent(s.id)}`, 'DELETE');
}

/** A local date (`YYYY-MM-DD`) and time (`HH:MM:SS`) `ms` from now, as the page's date and time inputs take them. */
function inPage(page, ms) {
  return page.evaluate((ms) => {
    const t = new Date(Date.now() + ms);
    const pad = (n) => String(n).padStart(2, '0');
    return {
      at: t.getTime(),
      date: `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`,
      time: `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`,
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      offset: -t.getTimezoneOffset(),
    };
  }, ms);
}

test('a text status scheduled about 5 seconds ahead is published at its time, once', async () => {
  const { page, sent } = session;
  await cancelAll();
  await page.getByLabel('Status text').fill('Doors open in a moment');
  await page.locator('#panel-text').getByLabel('Schedule', { exact: true }).check();
  // The button says what it does now; the schedule's controls show, "Once" chosen.
  await page.getByRole('button', { name: 'Schedule text status' }).waitFor();
  assert.equal(await page.locator('#panel-text').getByLabel('Once').isChecked(), true);
  const when = await inPage(page, 5000);
  await page.locator('#text-date').fill(when.date);
  await page.locator('#text-time').fill(when.time);
  assert.match(await page.locator('#text-zone').textContent(), new RegExp(when.zone.replaceAll('_', ' ').replace('/', '\\/')));
  await shot(page, '40-schedule-compose');

  const answer = page.waitForResponse((r) => r.url() === `${EDGE_URL}/schedules` && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Schedule text status' }).click();
  await page.locator('#text-notice').getByText('Text status scheduled.').waitFor();
  const created = await (await answer).json();
  await shot(page, '41-schedule-made');

  // What the page sent: the status, and `at` in RFC 3339 with the page's own offset.
  const [post] = sent.filter((r) => r.method() === 'POST');
  assert.equal(new URL(post.url()).pathname, '/schedules');
  assert.match(post.headers()['idempotency-key'], /^[0-9a-f-]{36}$/);
  const body = JSON.parse(post.postData());
  assert.deepEqual(Object.keys(body).sort(), ['at', 'request', 'status']);
  assert.equal(body.request, 'text');
  assert.deepEqual(body.status, { text: 'Doors open in a moment' });
  const sign = when.offset < 0 ? '-' : '+';
  const offset = `${sign}${String(Math.floor(Math.abs(when.offset) / 60)).padStart(2, '0')}:${String(Math.abs(when.offset) % 60).padStart(2, '0')}`;
  assert.equal(body.at, `${when.date}T${when.time}${offset}`);
  assert.equal(Date.parse(body.at), when.at - (when.at % 1000));
  assert.equal(created.schedule.state, 'active');
  assert.equal(Date.parse(created.schedule.next_run), Date.parse(body.at));

  // The form is back to "Publish now", cleared.
  assert.equal(await page.locator('#panel-text').getByLabel('Publish now').isChecked(), true);
  assert.equal(await page.getByLabel('Status text').inputValue(), '');
  assert.equal(await page.getByRole('button', { name: 'Publish text status' }).count(), 1);

  // The Scheduled panel lists it, with its next run.
  await page.getByRole('tab', { name: 'Scheduled' }).click();
  const item = page.locator('#schedules li');
  await item.first().waitFor();
  assert.equal(await item.count(), 1);
  assert.match(await item.textContent(), /Text status, once/);
  assert.match(await item.textContent(), /Next: /);
  await page.locator('#schedules-status').getByText('1 upcoming scheduled status.').waitFor();
  await shot(page, '42-scheduled-list');
  assert.deepEqual(await published(), [], 'nothing is published before its time');

  // It arrives at its time, not before, and once.
  let items = [];
  for (let i = 0; i < 120 && items.length === 0; i++) {
    await sleep(250);
    items = await published();
  }
  const arrived = Date.now();
  assert.equal(items.length, 1, 'published within 30 seconds');
  assert.ok(arrived >= Date.parse(body.at), 'not before its time');
  assert.equal(items[0].kind, 'text');
  assert.deepEqual(items[0].body, { text: 'Doors open in a moment' });
  await sleep(3000);
  assert.equal((await published()).length, 1, 'published once');
  const after = await edge(`/schedules/${encodeURIComponent(created.schedule.id)}`);
  assert.equal(after.schedule.state, 'ended');
  assert.deepEqual(after.schedule.runs.map((r) => r.outcome), ['published']);

  // Refresh reads the list again: it ran, so nothing is upcoming.
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.locator('#schedules-status').getByText('No upcoming scheduled statuses.').waitFor();
  assert.equal(await page.locator('#schedules').isHidden(), true);
});

test('a repeating schedule is listed with its days and cancelled from the Scheduled panel, by keyboard', async () => {
  const { page } = session;
  await cancelAll();
  await page.getByLabel('Status text').fill('Weekly specials are on');
  await page.locator('#panel-text').getByLabel('Schedule', { exact: true }).check();
  await page.locator('#panel-text').getByLabel('On chosen weekdays').check();
  assert.equal(await page.locator('#text-date').isHidden(), true, 'a repeat has no date');
  await page.locator('#text-time').fill('09:30');

  // No day chosen: said beside the days, the focus there, nothing sent.
  await page.getByRole('button', { name: 'Schedule text status' }).click();
  await page.locator('#text-days-error').getByText('Choose at least one day.').waitFor();
  assert.equal(await focusedId(page), 'text-days');
  await shot(page, '43-schedule-no-day');

  await page.locator('#panel-text').getByLabel('Monday').check();
  await page.locator('#panel-text').getByLabel('Friday').check();
  const answer = page.waitForResponse((r) => r.url() === `${EDGE_URL}/schedules` && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Schedule text status' }).click();
  await page.locator('#text-notice').getByText('Text status scheduled.').waitFor();
  const response = await answer;
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  assert.deepEqual(JSON.parse(response.request().postData()).repeat, { every: 'week', time: '09:30', time_zone: zone, weekdays: ['mon', 'fri'] });
  const { schedule } = await response.json();

  await page.getByRole('tab', { name: 'Scheduled' }).click();
  const item = page.locator('#schedules li');
  await item.first().waitFor();
  assert.match(await item.textContent(), /Text status, on Monday and Friday at 09:30/);

  // Tab reaches the Cancel button; Enter cancels; the focus goes on to Refresh, the list being empty.
  const cancel = item.getByRole('button', { name: 'Cancel' });
  await cancel.focus();
  const cancelled = page.waitForResponse((r) => r.request().method() === 'DELETE');
  await page.keyboard.press('Enter');
  assert.equal((await cancelled).status(), 200);
  await page.locator('#schedules-status').getByText('Cancelled: Text status, on Monday and Friday at 09:30.').waitFor();
  assert.equal(await item.count(), 0);
  assert.equal(await focusedId(page), 'refresh-schedules');
  await shot(page, '44-schedule-cancelled');

  const after = await edge(`/schedules/${encodeURIComponent(schedule.id)}`);
  assert.equal(after.schedule.state, 'cancelled');
  assert.equal(after.schedule.next_run, null);
  assert.deepEqual(await published(), []);
});

test('a time in the past is refused in the page, beside the date, and nothing is sent', async () => {
  const { page, sent } = session;
  await page.getByLabel('Status text').fill('Too late');
  await page.locator('#panel-text').getByLabel('Schedule', { exact: true }).check();
  const past = await inPage(page, -60_000);
  await page.locator('#text-date').fill(past.date);
  await page.locator('#text-time').fill(past.time);
  await page.getByRole('button', { name: 'Schedule text status' }).click();
  await page.locator('#text-date-error').getByText('Is in the past: choose a later time.').waitFor();
  assert.equal(await page.locator('#text-date').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(sent, [], 'nothing was sent');
});

test('in another time zone, "once" is sent with that zone\'s offset, a repeat with its name, and the list shows local times', async () => {
  await cancelAll();
  // A browser of its own, its clock in Newfoundland (UTC-03:30, or -02:30 in summer: not whole hours).
  const browser = await launch();
  try {
    const context = await browser.newContext({ timezoneId: 'America/St_Johns' });
    const page = await context.newPage();
    await page.goto(PAGE_URL);
    await page.locator('#publish-text:not([disabled])').waitFor();
    const text = page.locator('#panel-text');
    const date = await page.evaluate(() => {
      const t = new Date(Date.now() + 2 * 86400e3);
      const pad = (n) => String(n).padStart(2, '0');
      return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
    });

    await page.getByLabel('Status text').fill('Namaste');
    await text.getByLabel('Schedule', { exact: true }).check();
    assert.equal(await page.locator('#text-zone').textContent(), 'Times are in your time zone, America/St Johns.');
    await page.locator('#text-date').fill(date);
    await page.locator('#text-time').fill('09:15');
    const once = page.waitForResponse((r) => r.url() === `${EDGE_URL}/schedules` && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Schedule text status' }).click();
    const onceBody = JSON.parse((await once).request().postData());
    assert.match(onceBody.at, new RegExp(`^${date}T09:15:00-0[23]:30$`));
    // The proxy read it as that instant: 09:15 in St John's is 11:45 or 12:45 UTC.
    const nextRun = (await (await once).json()).schedule.next_run;
    assert.equal(Date.parse(nextRun), Date.parse(onceBody.at));
    assert.match(nextRun, /T1[12]:45:00/);

    await page.getByLabel('Status text').fill('Good morning');
    await text.getByLabel('Schedule', { exact: true }).check();
    await text.getByLabel('Every day').check();
    await page.locator('#text-time').fill('07:00');
    const daily = page.waitForResponse((r) => r.url() === `${EDGE_URL}/schedules` && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Schedule text status' }).click();
    assert.deepEqual(JSON.parse((await daily).request().postData()).repeat, { every: 'day', time: '07:00', time_zone: 'America/St_Johns' });

    await page.getByRole('tab', { name: 'Scheduled' }).click();
    await page.locator('#schedules-status').getByText('2 upcoming scheduled statuses.').waitFor();
    const items = await page.locator('#schedules li').allTextContents();
    assert.equal(items.length, 2);
    // Next runs in the page's own time: 07:00 and 09:15 there, whatever the machine's zone.
    assert.ok(items.some((t) => /Text status, every day at 07:00/.test(t) && /Next: .*07:00/.test(t)), items.join(' | '));
    assert.ok(items.some((t) => /Text status, once/.test(t) && /Next: .*09:15/.test(t)), items.join(' | '));
    await context.close();
  } finally {
    await browser.close();
    await cancelAll();
  }
});
