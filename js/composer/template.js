// The composer's shadow DOM: the tab list and one form per panel. Each panel's controller finds
// its nodes here by id; the ids are private to the shadow root, so two composers never clash.
import { styles } from "./styles.js";
import { DAYS } from "./when.js";

// "Publish now" or "Schedule", and when, for the text and media panels (`p`): their ids start with
// the panel's name. when.js drives them.
const when = (p) => `
    <fieldset>
      <legend>When</legend>
      <label class="choice"><input type="radio" name="${p}-mode" value="now" checked> Publish now</label>
      <label class="choice"><input type="radio" name="${p}-mode" value="schedule" id="${p}-schedule-mode"> Schedule</label>
    </fieldset>
    <div class="schedule" id="${p}-schedule" hidden>
      <fieldset>
        <legend>Repeat</legend>
        <label class="choice"><input type="radio" name="${p}-repeat" value="once" checked> Once</label>
        <label class="choice"><input type="radio" name="${p}-repeat" value="day"> Every day</label>
        <label class="choice"><input type="radio" name="${p}-repeat" value="week"> On chosen weekdays</label>
      </fieldset>
      <div class="row">
        <div class="field" id="${p}-date-field">
          <label for="${p}-date">Date</label>
          <input type="date" id="${p}-date" aria-describedby="${p}-zone ${p}-date-error">
          <p class="error" id="${p}-date-error"></p>
        </div>
        <div class="field">
          <label for="${p}-time">Time</label>
          <input type="time" id="${p}-time" aria-describedby="${p}-zone ${p}-time-error">
          <p class="error" id="${p}-time-error"></p>
        </div>
      </div>
      <fieldset class="days" id="${p}-days" tabindex="-1" aria-describedby="${p}-days-error" hidden>
        <legend>Weekdays</legend>
        ${DAYS.map(([day, name]) => `<label class="choice"><input type="checkbox" name="${p}-weekday" value="${day}"> ${name}</label>`).join("")}
        <p class="error" id="${p}-days-error"></p>
      </fieldset>
      <p class="hint" id="${p}-zone"></p>
    </div>`;

export const template = `
<style>${styles}</style>
<div part="tabs" role="tablist" aria-label="Status composer">
  <button type="button" role="tab" id="tab-text" aria-controls="panel-text" aria-selected="true">Text</button>
  <button type="button" role="tab" id="tab-media" aria-controls="panel-media" aria-selected="false" tabindex="-1">Photo or video</button>
  <button type="button" role="tab" id="tab-privacy" aria-controls="panel-privacy" aria-selected="false" tabindex="-1">Privacy</button>
  <button type="button" role="tab" id="tab-schedules" aria-controls="panel-schedules" aria-selected="false" tabindex="-1">Scheduled</button>
</div>

<section role="tabpanel" id="panel-text" aria-labelledby="tab-text">
  <form id="form-text" novalidate>
    <div class="field">
      <label for="text">Status text</label>
      <textarea id="text" name="text" rows="4" aria-describedby="text-count text-error" placeholder="What's new?"></textarea>
      <span class="counter" id="text-count" aria-live="polite"></span>
      <p class="error" id="text-error"></p>
    </div>
    <div class="row">
      <div class="field">
        <label for="color">Background colour</label>
        <div class="color">
          <input type="color" id="swatch" aria-label="Pick a background colour" value="#54656f">
          <input type="text" id="color" name="background_color" placeholder="#RRGGBB (default)" spellcheck="false" autocomplete="off" aria-describedby="color-error">
        </div>
        <p class="error" id="color-error"></p>
      </div>
      <div class="field">
        <label for="font">Font</label>
        <select id="font" name="font" aria-describedby="font-error"><option value="">Default</option></select>
        <p class="error" id="font-error"></p>
      </div>
    </div>
    <div class="field">
      <span class="hint" id="preview-label">Preview</span>
      <div class="preview empty" id="preview" part="preview" role="img" aria-labelledby="preview-label"></div>
    </div>
${when("text")}
    <p class="notice" id="text-notice"></p>
    <button class="primary" type="submit" id="publish-text" part="button">Publish text status</button>
  </form>
</section>

<section role="tabpanel" id="panel-media" aria-labelledby="tab-media" hidden>
  <form id="form-media" novalidate>
    <div class="field">
      <span class="hint" id="file-label">Image (JPEG, PNG, WebP) or video (MP4, 3GPP)</span>
      <div class="drop" id="drop" part="dropzone">
        <div id="media-preview"></div>
        <span id="drop-hint">Drag and drop a file here, or</span>
        <input class="sr-only" type="file" id="file" name="file" aria-labelledby="file-button file-label" aria-describedby="file-error"
          accept="image/*,video/mp4,video/3gpp">
        <label class="button" for="file" id="file-button">Choose a file</label>
      </div>
      <dl class="facts" id="facts" hidden>
        <dt>File</dt><dd id="fact-name"></dd>
        <dt>Type</dt><dd id="fact-type"></dd>
        <dt>Size</dt><dd><span id="fact-size"></span><meter id="fact-meter" min="0" aria-label="Size against the limit"></meter></dd>
      </dl>
      <p class="hint" id="fit-note" role="status" hidden></p>
      <p class="error" id="file-error"></p>
    </div>
    <div class="field">
      <label for="caption">Caption (optional)</label>
      <textarea id="caption" name="caption" rows="2" aria-describedby="caption-count caption-error"></textarea>
      <span class="counter" id="caption-count" aria-live="polite"></span>
      <p class="error" id="caption-error"></p>
    </div>
${when("media")}
    <p class="notice" id="media-notice"></p>
    <div class="field" id="media-progress" hidden>
      <label for="media-meter" id="media-stage">Reading the file…</label>
      <progress id="media-meter"></progress>
    </div>
    <p class="actions">
      <button class="primary" type="submit" id="publish-media" part="button">Publish media status</button>
      <button class="button" type="button" id="cancel-media" hidden>Cancel</button>
    </p>
  </form>
</section>

<section role="tabpanel" id="panel-privacy" aria-labelledby="tab-privacy" hidden>
  <form id="form-privacy" novalidate>
    <fieldset>
      <legend>Who can see my status updates</legend>
      <label class="choice"><input type="radio" name="audience" value="contacts" checked> My contacts</label>
      <label class="choice"><input type="radio" name="audience" value="blacklist"> My contacts except…</label>
      <label class="choice"><input type="radio" name="audience" value="whitelist"> Only share with…</label>
    </fieldset>
    <div class="field" id="list-field" hidden>
      <label for="list">Phone numbers or WhatsApp IDs, one per line</label>
      <textarea id="list" name="list" rows="5" spellcheck="false" aria-describedby="list-hint list-summary list-error"
        placeholder="+55 11 99999-9999&#10;5511888887777@s.whatsapp.net"></textarea>
      <span class="hint" id="list-hint">With the country code. Commas and semicolons also separate entries.</span>
      <p class="summary" id="list-summary" aria-live="polite"></p>
      <p class="error" id="list-error"></p>
      <ol class="review" id="review" aria-label="How each entry will be saved"></ol>
    </div>
    <p class="notice" id="privacy-notice"></p>
    <button class="primary" type="submit" id="save-privacy" part="button">Save privacy</button>
  </form>
</section>

<section role="tabpanel" id="panel-schedules" aria-labelledby="tab-schedules" hidden>
  <div class="stack">
    <p class="summary" id="schedules-status" role="status"></p>
    <ul class="schedules" id="schedules" aria-label="Upcoming scheduled statuses" hidden></ul>
    <p class="notice" id="schedules-notice"></p>
    <p class="actions"><button class="button" type="button" id="refresh-schedules">Refresh</button></p>
  </div>
</section>
`;
