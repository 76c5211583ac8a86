// Uses the whole public surface of wuts-status, type-checked with `tsc --strict` (never run).
// The `NotAny` checks fail to compile if a declaration degrades to `any`.
import init, {
  initSync,
  MediaStatus,
  StatusPrivacy,
  TextStatus,
  WutsClient,
  WutsError,
  type MediaProgress,
  type MediaStatusBody,
  type PrivacyUpdated,
  type Problem,
  type Repeat,
  type RunOutcome,
  type Schedule,
  type ScheduleBody,
  type ScheduleRun,
  type Weekday,
  type ProblemCode,
  type Published,
  type RequestOptions,
  type StatusPrivacyBody,
  type TextStatusBody,
  type WutsClientOptions,
  type WutsErrorCode,
} from "wuts-status";

type IsAny<T> = 0 extends 1 & T ? true : false;
type NotAny<T> = IsAny<T> extends true ? never : T;
function notAny<T>(value: NotAny<T>): T {
  return value;
}

export async function everything(file: File, wasm: ArrayBuffer): Promise<void> {
  await init({ module_or_path: wasm });
  initSync({ module: new Uint8Array(wasm) });

  const options: WutsClientOptions = {
    baseUrl: "https://edge.example.com",
    token: "3f2b8c1e-9d4a-4c7b-8e21-5a6f0d9c3b71",
    timeoutMs: 30000,
    retry: { retries: 3, backoffMs: 200, maxBackoffMs: 2000 },
  };
  const client = new WutsClient(options);
  new WutsClient({ baseUrl: "/api", token: options.token, retry: false });

  const text = new TextStatus("We are open").backgroundColor("#25D366").font(1);
  const body: TextStatusBody = notAny(text.toJSON());
  const problems: Problem[] = notAny(text.validate());
  const codes: ProblemCode[] = problems.map((p) => p.code);
  console.log(body.text, body.background_color, body.font, codes, problems[0]?.field);

  const controller = new AbortController();
  const call: RequestOptions = { signal: controller.signal, timeoutMs: 5000 };
  const published: Published = notAny(await client.publishText(text, call));
  const plain: Published = await client.publishText({ text: "plain objects work too" });
  console.log(published.messageId, published.timestamp, published.statusType, plain.statusType);

  const fromBlob = await MediaStatus.fromBlob(file, { caption: "new menu" });
  const fromUrl = MediaStatus.fromUrl("https://cdn.example.com/a.mp4", { mimeType: "video/mp4" });
  const fromBase64 = MediaStatus.fromBase64("iVBORw0KGgo=", "image/png", { mediaType: "image" });
  const fromDataUrl = MediaStatus.fromDataUrl("data:image/png;base64,iVBORw0KGgo=");
  const fromBytes = MediaStatus.fromBytes(new Uint8Array(await file.arrayBuffer()));
  const media: MediaStatusBody = fromUrl.caption("video").mediaType("video").mimeType("video/mp4").toJSON();
  console.log(media.url, media.mime_type, media.media_type, fromBase64.validate().length);
  for (const status of [fromBlob, fromUrl, fromBase64, fromDataUrl, fromBytes]) {
    await client.publishMedia(status);
  }
  await client.publishMedia({ url: "https://cdn.example.com/b.jpg", mime_type: "image/jpeg" });
  const cancel = new AbortController();
  await client.publishMedia(fromBlob, {
    signal: cancel.signal,
    onProgress: (p: MediaProgress) => console.log(p.stage === "preparing" ? `${p.loaded} of ${p.total}` : p.stage),
  });

  const whitelist = StatusPrivacy.whitelist(["+55 11 99999-9999", "5511888887777@s.whatsapp.net"]);
  const rule: StatusPrivacyBody = whitelist.toJSON();
  const updated: PrivacyUpdated = notAny(await client.updatePrivacy(whitelist));
  await client.updatePrivacy(StatusPrivacy.blacklist(["+1 555 0100"]));
  await client.updatePrivacy({ type: "contacts" });
  console.log(rule.type, rule.list, updated.type, updated.list, StatusPrivacy.contacts().validate());

  const weekdays: Weekday[] = ["mon", "fri"];
  const repeat: Repeat = { every: "week", weekdays, time: "09:00", time_zone: "America/Sao_Paulo", count: 10 };
  const once: ScheduleBody = { request: "text", status: text, at: "2026-06-16T09:00:00-03:00" };
  const scheduled: Schedule = notAny(await client.createSchedule(once, { idempotencyKey: "open-monday" }));
  await client.createSchedule({ request: "media", status: fromUrl, repeat });
  await client.createSchedule({ request: "text", status: { text: "plain" }, repeat: { every: "day", time: "08:30", time_zone: "UTC" } });
  // @ts-expect-error a schedule runs once (at) or repeats (repeat), not both
  await client.createSchedule({ request: "text", status: text, at: "2026-06-16T09:00:00Z", repeat });
  // @ts-expect-error a media schedule takes a media status
  await client.createSchedule({ request: "media", status: { text: "hi" }, at: "2026-06-16T09:00:00Z" });
  const all: Schedule[] = notAny(await client.listSchedules({ signal: controller.signal }));
  const one: Schedule = notAny(await client.getSchedule(scheduled.id));
  const cancelled: Schedule = await client.cancelSchedule(one.id, { timeoutMs: 5000 });
  const last: ScheduleRun | undefined = all[0]?.runs[0];
  const outcome: RunOutcome | undefined = last?.outcome;
  console.log(cancelled.state, cancelled.next_run, one.repeat?.time_zone, one.at, one.created_at, last?.message_id, last?.error?.code, outcome);

  try {
    await client.publishText({ text: "" });
  } catch (err) {
    if (err instanceof WutsError) {
      const code: WutsErrorCode = err.code;
      const fields: string[] = err.problems.map((p) => p.field);
      const status: number = err.status;
      const field: string | null = err.field;
      const retryable: boolean = err.retryable;
      const requestId: string | null = err.requestId;
      const asError: Error = err;
      console.log(code, fields, status, field, retryable, requestId, asError.message, asError.stack);
      if (err.code === "device_disconnected" || err.code === "timeout") {
        console.log("try again later");
      }
    }
  }
  const made = new WutsError("custom", { code: "network_error", status: 0 });
  console.log(made.code, made.problems);

  text.free();
}
