// The schedule calls of WutsClient through the built package under Node 22, against a real HTTP
// server started here that plays the edge proxy's schedule endpoints (wuts-local has none): what
// createSchedule checks before sending (the status by the publish rules, as status.<field>), the
// requests each call sends (method, path, headers, body), the Idempotency-Key kept across
// retries, what each call resolves with, and the errors it rejects with.
// Usage: WUTS_PKG=<package dir> node --test tests/package/schedules.test.mjs
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pkg, rejection, wuts } from "./package.mjs";

const TOKEN = "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71";
const { default: init, MediaStatus, TextStatus, WutsClient, WutsError } = wuts;

const SCHEDULE = {
  id: "sch_1",
  request: "text",
  state: "active",
  created_at: "2026-06-15T12:00:00Z",
  next_run: "2026-06-16T12:00:00Z",
  at: "2026-06-16T09:00:00-03:00",
  runs: [],
};

// Every request the server got, and the answers it gives next: `[status, body]`, in order;
// with none queued it answers 201 with SCHEDULE.
let got = [];
let answers = [];
let server;
let baseUrl;

before(async () => {
  await init({ module_or_path: await readFile(path.join(pkg, "wuts_status_bg.wasm")) });
  server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      got.push({ method: req.method, url: req.url, headers: req.headers, body });
      const [status, answer] = answers.shift() ?? [201, { success: true, schedule: SCHEDULE }];
      if (answer === null) {
        res.destroy(); // no answer at all: a network error
        return;
      }
      res.writeHead(status, { "content-type": "application/json", "x-request-id": `req-${got.length}` });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  got = [];
  answers = [];
});

const client = (options) => new WutsClient({ baseUrl, token: TOKEN, retry: { backoffMs: 1 }, ...options });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("createSchedule checks the status by the publish rules, names problems status.<field>, and sends nothing", async () => {
  const err = await rejection(client().createSchedule({
    request: "text",
    status: { text: "   ", background_color: "#12", colour: 1 },
    at: "2026-06-16T09:00:00-03:00",
  }));
  assert.equal(err.code, "invalid_request");
  assert.equal(err.status, 0);
  assert.equal(err.retryable, false);
  assert.deepEqual(err.problems.map((p) => [p.field, p.code]).sort(), [
    ["status.background_color", "invalid"],
    ["status.colour", "unknown_field"],
    ["status.text", "empty"],
  ]);
  assert.equal(err.field, err.problems[0].field);

  // The same rules as publishMedia: an internal URL is refused here too.
  const media = await rejection(client().createSchedule({
    request: "media",
    status: MediaStatus.fromUrl("http://127.0.0.1/menu.png", { mimeType: "image/png" }),
    repeat: { every: "day", time: "09:00", time_zone: "America/Sao_Paulo" },
  }));
  assert.deepEqual(media.problems.map((p) => [p.field, p.code]), [["status.url", "internal_host"]]);

  // A status that is not an object is the status's own problem.
  const notObject = await rejection(client().createSchedule({ request: "text", status: "hello", at: "2026-06-16T09:00:00Z" }));
  assert.deepEqual(notObject.problems.map((p) => [p.field, p.code]), [["status", "wrong_type"]]);
  assert.deepEqual(got, [], "nothing was sent");
});

test("createSchedule checks the body's shape: the request kind, the status, one of at and repeat, no other field", async () => {
  const fields = async (body) => (await rejection(client().createSchedule(body))).problems.map((p) => [p.field, p.code]);
  assert.deepEqual(await fields({ status: { text: "hi" }, at: "2026-06-16T09:00:00Z" }), [["request", "required"]]);
  assert.deepEqual(await fields({ request: "video", status: { text: "hi" }, at: "2026-06-16T09:00:00Z" }), [["request", "unsupported"]]);
  assert.deepEqual(await fields({ request: 1, status: { text: "hi" }, at: "2026-06-16T09:00:00Z" }), [["request", "wrong_type"]]);
  assert.deepEqual(await fields({ request: "text", at: "2026-06-16T09:00:00Z" }), [["status", "required"]]);
  assert.deepEqual(await fields({ request: "text", status: { text: "hi" } }), [["at", "required"]]);
  assert.deepEqual(await fields({ request: "text", status: { text: "hi" }, at: null, repeat: null }), [["at", "required"]]);
  assert.deepEqual(
    await fields({ request: "text", status: { text: "hi" }, at: "2026-06-16T09:00:00Z", repeat: { every: "day", time: "09:00", time_zone: "UTC" } }),
    [["repeat", "conflict"]],
  );
  const unknown = await rejection(client().createSchedule({ request: "text", status: { text: "hi" }, when: "tomorrow", at: "2026-06-16T09:00:00Z" }));
  assert.deepEqual(unknown.problems.map((p) => [p.field, p.code]), [["when", "unknown_field"]]);
  assert.match(unknown.message, /when: is not a field of this request \(it takes request, status, at, repeat\)/);
  const notObject = await rejection(client().createSchedule("tomorrow"));
  assert.deepEqual(notObject.problems.map((p) => [p.field, p.code]), [["body", "wrong_type"]]);
  // Several problems at once, in the proxy's order and words.
  assert.deepEqual(await fields({ request: "text", status: { text: "" } }), [["status.text", "empty"], ["at", "required"]]);
  const all = await rejection(client().createSchedule({}));
  assert.deepEqual(all.problems.map((p) => `${p.field}: ${p.message}`), [
    'request: is required: "text" or "media"',
    "status: is required: the status to publish",
    "at: or `repeat` is required: when to publish",
  ]);
  assert.deepEqual(got, [], "nothing was sent");
});

test("createSchedule sends POST /schedules with the status normalized, the time as given and a fresh Idempotency-Key", async () => {
  const status = new TextStatus("We open at 9").backgroundColor("#25d366").font(1);
  const repeat = { every: "week", weekdays: ["mon", "fri"], time: "09:00", time_zone: "America/Sao_Paulo", count: 3 };
  const schedule = await client().createSchedule({ request: "text", status, repeat });
  assert.deepEqual(schedule, SCHEDULE, "the schedule as the server sent it");

  const [req] = got;
  assert.equal(req.method, "POST");
  assert.equal(req.url, "/schedules");
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(req.headers["content-type"], "application/json");
  assert.match(req.headers["idempotency-key"], UUID);
  assert.deepEqual(JSON.parse(req.body), {
    request: "text",
    status: { text: "We open at 9", background_color: "#25d366", font: 1 },
    repeat,
  });

  // A plain media body and `at`; a caller's key is sent as given.
  await client().createSchedule(
    { request: "media", status: { url: "https://cdn.example.com/menu.png", mime_type: "IMAGE/PNG", caption: "Menu" }, at: "2026-06-16T09:00:00-03:00" },
    { idempotencyKey: "menu-monday" },
  );
  assert.equal(got[1].headers["idempotency-key"], "menu-monday");
  assert.deepEqual(JSON.parse(got[1].body), {
    request: "media",
    status: { url: "https://cdn.example.com/menu.png", mime_type: "image/png", caption: "Menu" },
    at: "2026-06-16T09:00:00-03:00",
  });
});

test("createSchedule sends a status made from a file's bytes whole, as base64", async () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
  await client().createSchedule({ request: "media", status: MediaStatus.fromBytes(png), at: "2026-06-16T09:00:00Z" });
  const { status } = JSON.parse(got[0].body);
  assert.deepEqual(status, { data: Buffer.from(png).toString("base64"), mime_type: "image/png" });
});

test("createSchedule is not retried by default, and with retryPublish is retried with the same key", async () => {
  const body = { request: "text", status: { text: "hi" }, at: "2026-06-16T09:00:00Z" };
  answers = [[502, { success: false, error: { code: "bad_gateway", message: "backend unreachable" } }]];
  const err = await rejection(client().createSchedule(body));
  assert.equal(err.code, "bad_gateway");
  assert.equal(err.status, 502);
  assert.equal(err.retryable, false, "it may have been created: not safe to send again blindly");
  assert.equal(err.requestId, "req-1");
  assert.equal(got.length, 1);

  got = [];
  answers = [
    [502, { success: false, error: { code: "bad_gateway", message: "backend unreachable" } }],
    [409, { success: false, error: { code: "conflict", message: "in flight" } }],
  ];
  const schedule = await client({ retryPublish: true }).createSchedule(body);
  assert.equal(schedule.id, "sch_1");
  assert.equal(got.length, 3);
  assert.equal(new Set(got.map((r) => r.headers["idempotency-key"])).size, 1, "one key on every attempt");
});

test("createSchedule passes the proxy's validation problems on, time fields included", async () => {
  answers = [[400, {
    success: false,
    error: {
      code: "VALIDATION_ERROR",
      message: "invalid schedule",
      details: [
        { field: "repeat.time_zone", code: "invalid", message: "is not a known time zone" },
        { field: "repeat.time", code: "invalid", message: "must be HH:MM" },
      ],
    },
  }]];
  const err = await rejection(client().createSchedule({
    request: "text", status: { text: "hi" }, repeat: { every: "day", time: "9am", time_zone: "Mars/Olympus" },
  }));
  assert.equal(err.code, "VALIDATION_ERROR");
  assert.equal(err.status, 400);
  assert.equal(err.field, "repeat.time_zone");
  assert.deepEqual(err.problems.map((p) => p.field), ["repeat.time_zone", "repeat.time"]);
});

test("listSchedules sends GET /schedules with no body and resolves with the list", async () => {
  const ended = { ...SCHEDULE, id: "sch_0", state: "ended", next_run: null, runs: [{ at: "2026-06-14T12:00:00Z", outcome: "published", message_id: "3EB0" }] };
  answers = [[200, { success: true, schedules: [SCHEDULE, ended] }]];
  assert.deepEqual(await client().listSchedules(), [SCHEDULE, ended]);
  const [req] = got;
  assert.equal(req.method, "GET");
  assert.equal(req.url, "/schedules");
  assert.equal(req.body, "");
  assert.equal(req.headers["content-type"], undefined);
  assert.equal(req.headers["idempotency-key"], undefined);
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);

  // An empty list is a list.
  answers = [[200, { success: true, schedules: [] }]];
  assert.deepEqual(await client().listSchedules(), []);
});

test("getSchedule and cancelSchedule name the schedule in the path, encoded", async () => {
  answers = [[200, { success: true, schedule: SCHEDULE }]];
  assert.deepEqual(await client().getSchedule("sch_1"), SCHEDULE);
  const cancelled = { ...SCHEDULE, state: "cancelled", next_run: null };
  answers = [[200, { success: true, schedule: cancelled }]];
  assert.deepEqual(await client().cancelSchedule("a/b c?"), cancelled);
  assert.deepEqual(got.map((r) => `${r.method} ${r.url} ${r.body}`), ["GET /schedules/sch_1 ", "DELETE /schedules/a%2Fb%20c%3F "]);

  for (const id of ["", undefined, 42]) {
    const err = await rejection(client().getSchedule(id));
    assert.deepEqual([err.code, err.field], ["invalid_request", "id"]);
  }
  assert.equal(got.length, 2, "nothing sent for a missing id");
});

test("the reads and the cancel are retried like updatePrivacy; an unknown id is not_found", async () => {
  answers = [
    [503, { success: false, error: { code: "device_disconnected", message: "whatsapp session is not connected" } }],
    [0, null],
    [200, { success: true, schedules: [SCHEDULE] }],
  ];
  assert.deepEqual(await client().listSchedules(), [SCHEDULE]);
  assert.equal(got.length, 3);

  got = [];
  answers = [[404, { success: false, error: { code: "not_found", message: "no such schedule" } }]];
  const err = await rejection(client().cancelSchedule("sch_9"));
  assert.ok(err instanceof WutsError);
  assert.deepEqual([err.code, err.status, err.retryable], ["not_found", 404, false]);
  assert.equal(got.length, 1, "a 404 is not retried");

  got = [];
  answers = [[502, { success: false, error: { code: "bad_gateway", message: "down" } }]];
  const off = await rejection(client({ retry: false }).getSchedule("sch_1"));
  assert.deepEqual([off.code, off.retryable], ["bad_gateway", true], "idempotent: safe to try again");
  assert.equal(got.length, 1, "retry: false");
});

test("an answer without the schedule is unexpected_response", async () => {
  answers = [[201, { success: true }], [200, "not an envelope"]];
  const missing = await rejection(client().createSchedule({ request: "text", status: { text: "hi" }, at: "2026-06-16T09:00:00Z" }));
  assert.deepEqual([missing.code, missing.status], ["unexpected_response", 201]);
  const junk = await rejection(client({ retry: false }).listSchedules());
  assert.deepEqual([junk.code, junk.status], ["unexpected_response", 200]);
});
