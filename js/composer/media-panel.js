// The media panel: a photo or video picked or dropped, judged by the wasm from its first bytes
// and its size, shown with its preview and facts, photos over the limit fitted in the page, and
// a caption.
import { MediaStatus, reviewMedia } from "../index.js";
import { fitPhoto } from "../fit-photo.js";
import { Panel } from "./panel.js";

// What to do with a video over the limit: the page does not transcode video.
const VIDEO_ADVICE = "videos are not compressed here: trim it or export it at a lower resolution (720p is plenty for a status), then choose it again";

export class MediaPanel extends Panel {
  #file = null;
  #review = null;
  #previewUrl = null;
  #abort = null;

  constructor(host) {
    super(host, "media", {
      fields: { data: "file", mime_type: "file", media_type: "file", url: "file", caption: "caption" },
      labels: ["Publish media status", "Publishing…"],
      scheduleLabels: ["Schedule media status", "Scheduling…"],
    });
    const { $ } = this;
    this.on($("file"), "change", () => this.#pick($("file").files?.[0] ?? null));
    const drop = $("drop");
    this.on(drop, "dragover", (e) => {
      e.preventDefault();
      drop.classList.add("over");
    });
    this.on(drop, "dragleave", () => drop.classList.remove("over"));
    this.on(drop, "drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      const file = e.dataTransfer?.files?.[0];
      if (file) this.#pick(file);
    });
    this.on($("caption"), "input", () => this.#captionChanged());
    this.on($("cancel-media"), "click", () => this.#abort?.abort());
    this.submitOnCtrlEnter($("caption"));
  }

  start(limits) {
    super.start(limits);
    this.#captionChanged();
  }

  // The preview's object URL is released while the element is out of the document, and made
  // again when it comes back with the same file picked.
  connected() {
    if (this.#file && this.#review) this.#showPreview(this.#file, this.#review);
  }
  disconnected() {
    this.#showPreview(null);
  }

  check() {
    if (!this.#file) return { problems: [{ field: "data", code: "required", message: "choose an image or a video to publish" }] };
    return { problems: this.#review?.problems ?? [] };
  }

  async send(client, _request, when) {
    const file = this.#file;
    const caption = this.$("caption").value;
    const abort = (this.#abort = new AbortController());
    this.#showProgress("Reading the file…");
    this.$("cancel-media").hidden = false;
    try {
      // fromBlob reads, sniffs and checks the file; a problem rejects with its field. A cancel
      // while it reads stops the publish before anything is encoded or sent.
      const request = await MediaStatus.fromBlob(file, caption ? { caption } : undefined);
      if (when) {
        // The file goes whole in the schedule's body, which the proxy keeps until it runs.
        this.#showProgress("Sending…");
        const idempotencyKey = this.keyFor(file, caption, JSON.stringify(when));
        return await client.createSchedule({ request: "media", status: request, ...when }, { idempotencyKey, signal: abort.signal });
      }
      return await client.publishMedia(request, {
        idempotencyKey: this.keyFor(file, caption),
        signal: abort.signal,
        onProgress: (p) => this.#showProgress(p.stage === "sending" ? "Sending…" : "Preparing the file…", p.loaded / p.total),
      });
    } finally {
      this.#abort = null;
      this.$("cancel-media").hidden = true;
      this.#showProgress(null);
    }
  }

  /** Shows what publishing is doing (`stage`), and how far (`done`, 0 to 1) when that is known;
   *  `null` hides it. */
  #showProgress(stage, done) {
    const box = this.$("media-progress");
    box.hidden = !stage;
    if (!stage) return;
    this.$("media-stage").textContent = stage;
    const meter = this.$("media-meter");
    // Without a value, a progress bar says "under way, how far unknown".
    if (done >= 0) meter.value = done;
    else meter.removeAttribute("value");
  }

  succeeded(result, when) {
    if (when) {
      this.scheduled(result, this.#review?.mediaType === "video" ? "Video status" : "Image status");
    } else {
      const what = result.statusType === "video" ? "Video status" : "Image status";
      this.notice("ok", `${what} published.`, result.messageId ? `Message id ${result.messageId}` : "");
    }
    // Cleared so that publishing again is a deliberate act, not a repeat.
    this.$("file").value = "";
    this.$("caption").value = "";
    this.#file = null;
    this.#review = null;
    this.#showFile(null);
    this.#captionChanged();
    this.checked = false;
    if (!when) this.host.emit("wuts-published", { kind: "media", result });
  }

  async #pick(file) {
    const { $ } = this;
    this.notice();
    this.#file = file;
    this.#review = null;
    if (!file) {
      this.#showFile(null);
      return;
    }
    const picked = file;
    const { headBytes, maxImageBytes } = this.limits;
    const judge = async (f) => reviewMedia(new Uint8Array(await f.slice(0, headBytes).arrayBuffer()), f.size);
    let review = await judge(file);
    // A photo over the limit or of a type WhatsApp does not take is re-encoded, when the browser
    // can decode it; the result is judged by the wasm like any file.
    const fit = review.mediaType !== "video" && review.problems.length > 0;
    if (fit) this.#showFit(picked, null, "Fitting the image to the limit…");
    const fitted = fit ? await fitPhoto(file, { maxBytes: maxImageBytes }) : null;
    if (fitted && this.#file === picked) review = await judge((file = this.#file = fitted.file));
    if (this.#file !== file) return;
    if (review.mediaType === "video") {
      review.problems = review.problems.map((p) => (p.code === "too_large" ? { ...p, message: `${p.message}; ${VIDEO_ADVICE}` } : p));
    }
    this.#review = review;
    this.#showFit(picked, fitted);
    this.#showFile(file, review);
    $("fact-name").textContent = file.name || "(pasted file)";
    const declared = file.type && review.mimeType && file.type !== review.mimeType ? ` (the file calls itself ${file.type})` : "";
    $("fact-type").textContent = review.mimeType ? `${review.mimeType}, read from the file's bytes${declared}` : "not an accepted type";
    if (review.maxBytes) {
      $("fact-size").textContent = `${bytes(file.size)} of ${bytes(review.maxBytes)} allowed for ${review.mediaType === "video" ? "videos" : "images"} `;
      const meter = $("fact-meter");
      meter.hidden = false;
      meter.max = review.maxBytes;
      meter.high = review.maxBytes * 0.9;
      meter.value = Math.min(file.size, review.maxBytes);
    } else {
      $("fact-size").textContent = bytes(file.size);
      $("fact-meter").hidden = true;
    }
    $("facts").hidden = false;
    this.showProblems(review.problems, false);
  }

  /** Says what fitting did to a photo: "Resized from 7.8 MiB to 1.9 MiB (...)". */
  #showFit(picked, fitted, pending) {
    const note = this.$("fit-note");
    note.hidden = !fitted && !pending;
    note.textContent = pending ?? "";
    if (!fitted) return;
    const { width: w, height: h, originalWidth: ow, originalHeight: oh, quality } = fitted;
    const how = w === ow && h === oh ? "Converted to JPEG" : "Resized";
    note.textContent = `${how} from ${bytes(picked.size)} to ${bytes(fitted.file.size)} (${ow} × ${oh} to ${w} × ${h} pixels, JPEG quality ${Math.round(quality * 100)}%).`;
  }

  #showFile(file, review) {
    const { $ } = this;
    if (!file) $("fit-note").hidden = true;
    this.#showPreview(file, review);
    $("facts").hidden = !file;
    $("drop-hint").textContent = file ? "Drop another file here, or" : "Drag and drop a file here, or";
    $("file-button").textContent = file ? "Choose another file" : "Choose a file";
  }

  #showPreview(file, review) {
    if (this.#previewUrl) URL.revokeObjectURL(this.#previewUrl);
    this.#previewUrl = null;
    const box = this.$("media-preview");
    box.replaceChildren();
    if (!file || !review?.mediaType) return;
    this.#previewUrl = URL.createObjectURL(file);
    const el = document.createElement(review.mediaType === "video" ? "video" : "img");
    el.src = this.#previewUrl;
    if (review.mediaType === "video") {
      el.controls = true;
      el.muted = true;
    } else {
      el.alt = `Preview of ${file.name || "the image"}`;
    }
    box.append(el);
  }

  #captionChanged() {
    this.count("caption", this.limits.maxCaptionChars);
  }
}

/** `n` bytes for people: `812 KiB`, `4.8 MiB`. */
function bytes(n) {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}
