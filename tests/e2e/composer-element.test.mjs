// The composer as an element, in Chromium against the stack of scripts/dev/stack.sh: its token kept
// out of the DOM, its listeners wired once however often it moves, and its two entries
// (`wuts-status/composer` registers the element, `wuts-status/composer/element` does not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EDGE_URL, PAGE_URL, TOKEN, composerSessions, pngFile, published } from './helpers.mjs';

const session = composerSessions();

/**
 * Opens an empty page on the demo's origin, where no module of the package is loaded yet. Made
 * by the test, it has no address Chromium could call local, so it may not call the Worker.
 */
async function openBlank(page) {
  const url = new URL('/blank.html', PAGE_URL).href;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title><main></main>' }));
  await page.goto(url);
}

test('the token is a property only: in no attribute and nowhere in the page markup', async () => {
  const { page } = session;
  const seen = await page.evaluate(async ({ base, token }) => {
    const { mount } = await import('/pkg/composer.js');
    // The demo's composer (its token set by demo.js), one mounted, one made and set by hand.
    const demo = document.getElementById('composer');
    const mounted = mount(document.querySelector('main'), { baseUrl: base, token });
    const made = document.createElement('wuts-status-composer');
    made.token = token;
    document.body.append(made);
    const all = [demo, mounted, made];
    return {
      tokens: all.map((el) => el.token === token),
      attributes: all.flatMap((el) => [...el.attributes].map((a) => `${a.name}=${a.value}`)),
      markup: document.documentElement.outerHTML,
      outer: all.map((el) => el.outerHTML),
    };
  }, { base: EDGE_URL, token: TOKEN });
  assert.deepEqual(seen.tokens, [true, true, true]);
  assert.ok(seen.attributes.length > 0 && seen.attributes.every((a) => !a.includes(TOKEN)), seen.attributes.join(' '));
  assert.ok(seen.outer.every((html) => !html.includes(TOKEN)), seen.outer.join('\n'));
  assert.ok(!seen.markup.includes(TOKEN), 'the token is not in the page markup');
});

test('a token attribute is moved to the property and removed, with one warning, and used', async () => {
  const { page } = session;
  const warnings = [];
  page.on('console', (msg) => {
    if (msg.type() === 'warning') warnings.push(msg.text());
  });
  const seen = await page.evaluate(({ base, token }) => {
    document.getElementById('composer').remove();
    document.querySelector('main').insertAdjacentHTML('beforeend',
      `<wuts-status-composer id="a" base-url="${base}" token="${token}"></wuts-status-composer>` +
      `<wuts-status-composer id="b" token="${token}"></wuts-status-composer>`);
    return ['a', 'b'].map((id) => {
      const el = document.getElementById(id);
      return { attribute: el.getAttribute('token'), token: el.token === token };
    });
  }, { base: EDGE_URL, token: TOKEN });
  assert.deepEqual(seen, [{ attribute: null, token: true }, { attribute: null, token: true }]);

  // Set again by a script once the element is connected, it is taken at the next request.
  const a = page.locator('#a');
  await page.evaluate((token) => document.getElementById('a').setAttribute('token', token), TOKEN);
  await a.getByLabel('Status text').fill('Published with the token from the markup');
  await a.getByRole('button', { name: 'Publish text status' }).click();
  await a.getByText('Text status published.').waitFor();
  assert.equal(await a.getAttribute('token'), null);

  const items = await published();
  assert.equal(items.length, 1);
  assert.equal(items[0].token, TOKEN);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0], /token attribute/);
});

test('moved in the page before and after it is ready, the composer wires nothing twice', async () => {
  const { page, sent } = session;
  await page.evaluate(async ({ base, token }) => {
    const { mount } = await import('/pkg/composer.js');
    document.getElementById('composer').remove();
    const main = document.querySelector('main');
    const el = mount(main, { baseUrl: base, token });
    el.id = 'moved';
    window.publishedEvents = 0;
    el.addEventListener('wuts-published', () => window.publishedEvents++);
    // Moved twice while its wasm is still being awaited...
    el.remove();
    main.append(el);
    document.body.append(el);
    main.append(el);
  }, { base: EDGE_URL, token: TOKEN });
  const el = page.locator('#moved');
  await el.locator('#publish-text:not([disabled])').waitFor();
  // ... and twice once it is ready.
  await page.evaluate(() => {
    const moved = document.getElementById('moved');
    const main = moved.parentNode;
    moved.remove();
    main.append(moved);
    document.body.append(moved);
    main.append(moved);
  });

  // One key press moves one tab.
  await el.getByRole('tab', { name: 'Text' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await el.getByRole('tab', { name: 'Photo or video' }).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await el.getByRole('tab', { name: 'Text' }).getAttribute('aria-selected'), 'true');

  // One Ctrl+Enter is one submit, and one publish is one request, one status and one event.
  await page.evaluate(() => {
    window.submits = 0;
    document.getElementById('moved').shadowRoot.getElementById('form-text').addEventListener('submit', () => window.submits++);
  });
  await el.getByLabel('Status text').fill('Moved around, published once');
  await el.getByLabel('Status text').press('Control+Enter');
  await el.getByText('Text status published.').waitFor();
  await page.waitForFunction(() => !document.getElementById('moved').busy);
  const items = await published();
  assert.deepEqual(items.map((i) => i.body.text), ['Moved around, published once']);
  assert.equal(sent.length, 1);
  assert.deepEqual(await page.evaluate(() => [window.submits, window.publishedEvents]), [1, 1]);
});

test('a picked file and its preview stay when the composer is moved, and are published', async () => {
  const { page } = session;
  const png = pngFile();
  await page.getByRole('tab', { name: 'Photo or video' }).click();
  await page.locator('#file').setInputFiles({ name: 'menu.png', mimeType: 'image/png', buffer: png });
  await page.locator('#media-preview img').waitFor();
  await page.evaluate(() => {
    const el = document.getElementById('composer');
    const main = el.parentNode;
    el.remove();
    main.append(el);
  });
  const img = page.locator('#media-preview img');
  await img.waitFor();
  await page.waitForFunction(() => {
    const shown = document.getElementById('composer').shadowRoot.querySelector('#media-preview img');
    return shown?.complete && shown.naturalWidth === 240;
  });
  assert.ok(await page.locator('#facts').isVisible());

  await page.getByRole('button', { name: 'Publish media status' }).click();
  await page.locator('#media-notice').getByText('Image status published.').waitFor();
  const items = await published();
  assert.equal(items.length, 1);
  assert.equal(items[0].body.data, png.toString('base64'));
});

test('wuts-status/composer/element registers nothing; defineComposer() registers it once, upgrading what the page set', async () => {
  const { page } = session;
  await openBlank(page);
  const seen = await page.evaluate(async () => {
    const element = await import('/pkg/composer/element.js');
    const early = document.createElement(element.TAG);
    early.token = 'set before the element was defined';
    const out = {
      exports: Object.keys(element).sort(),
      definedOnImport: customElements.get(element.TAG) !== undefined,
    };
    element.defineComposer();
    element.defineComposer();
    out.defined = customElements.get(element.TAG) === element.WutsStatusComposer;
    document.querySelector('main').append(early);
    out.early = {
      upgraded: early instanceof element.WutsStatusComposer,
      token: early.token,
      ownProperty: Object.hasOwn(early, 'token'),
      attributes: early.getAttributeNames(),
    };
    return out;
  });
  assert.deepEqual(seen, {
    exports: ['TAG', 'WutsStatusComposer', 'defineComposer', 'mount'],
    definedOnImport: false,
    defined: true,
    early: { upgraded: true, token: 'set before the element was defined', ownProperty: false, attributes: [] },
  });
  await page.locator('#publish-text:not([disabled])').waitFor();
});

test('wuts-status/composer registers the element on import: the class of wuts-status/composer/element', async () => {
  const { page } = session;
  await openBlank(page);
  const seen = await page.evaluate(async () => {
    const element = await import('/pkg/composer/element.js');
    const before = customElements.get(element.TAG) !== undefined;
    const entry = await import('/pkg/composer.js');
    return {
      before,
      after: customElements.get(entry.TAG) === element.WutsStatusComposer,
      same: entry.WutsStatusComposer === element.WutsStatusComposer && entry.mount === element.mount,
      name: customElements.get(entry.TAG)?.name,
    };
  });
  assert.deepEqual(seen, { before: false, after: true, same: true, name: 'WutsStatusComposer' });
});

test('mount() from wuts-status/composer/element registers the element, with the token as a property', async () => {
  const { page } = session;
  await openBlank(page);
  const seen = await page.evaluate(async (token) => {
    const { mount, TAG, WutsStatusComposer } = await import('/pkg/composer/element.js');
    const before = customElements.get(TAG) !== undefined;
    const el = mount(document.querySelector('main'), { baseUrl: 'https://edge.example.com', token });
    return {
      before,
      after: customElements.get(TAG) === WutsStatusComposer,
      upgraded: el instanceof WutsStatusComposer,
      token: el.token === token,
      attributes: el.getAttributeNames(),
    };
  }, TOKEN);
  assert.deepEqual(seen, { before: false, after: true, upgraded: true, token: true, attributes: ['base-url'] });
  await page.locator('#publish-text:not([disabled])').waitFor();
});
