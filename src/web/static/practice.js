// practice.js - the moving parts of the guided session and the quick log:
// the breathing pacer, the practice countdown and its rotating prompts, the
// spasm counter, the preparation reminders, and the local time in the log
// form. Every time is worked out from the server's clock (data-start and
// data-now, in seconds) plus how long this page has been open (Date.now),
// so a reload keeps the right remaining time and a test can drive it with
// a fake clock. Silent, no storage. Without this file every step still
// works as a plain form.
'use strict';

(() => {
  const loadedAt = Date.now();
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

  // Seconds since el's data-start, by the server's clock.
  function since(el) {
    const start = Number(el.dataset.start);
    const now = Number(el.dataset.now);
    return now - start + (Date.now() - loadedAt) / 1000;
  }

  function clock(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  // Breathing rhythms: phases and their seconds.
  const PATTERNS = {
    resonance: [['in', 4], ['out', 6]],
    box: [['in', 4], ['hold', 4], ['out', 4], ['rest', 4]],
    478: [['in', 4], ['hold', 7], ['out', 8]],
    slow: [['in', 4], ['out', 8]],
  };
  const R_MIN = 56;
  const R_MAX = 104;
  const ease = (x) => (1 - Math.cos(Math.PI * Math.min(1, Math.max(0, x)))) / 2;

  function pacer(el) {
    const shape = el.querySelector('.pacer-shape');
    const phaseText = el.querySelector('.pacer-phase');
    const left = el.querySelector('.pacer-left');
    const seconds = Number(el.dataset.seconds) || 0;
    const go = document.querySelector('.relax-go');
    let lastPhase = '';
    let doneShown = false;
    el.classList.add('live');

    function frame() {
      const pattern = PATTERNS[el.dataset.pattern] || PATTERNS.resonance;
      const cycle = pattern.reduce((a, p) => a + p[1], 0);
      const t = ((since(el) % cycle) + cycle) % cycle;
      let acc = 0;
      let phase = pattern[0][0];
      let x = 0;
      for (const [name, d] of pattern) {
        if (t < acc + d) {
          phase = name;
          x = (t - acc) / d;
          break;
        }
        acc += d;
      }
      let level; // 0 = empty lungs, 1 = full
      if (phase === 'in') level = ease(x);
      else if (phase === 'hold') level = 1;
      else if (phase === 'out') level = 1 - ease(x);
      else level = 0;
      if (reduceMotion.matches) {
        // No movement: the shape stays still and only its light changes.
        shape.setAttribute('r', String((R_MIN + R_MAX) / 2));
        shape.setAttribute('opacity', (0.45 + 0.55 * level).toFixed(3));
      } else {
        shape.setAttribute('r', (R_MIN + (R_MAX - R_MIN) * level).toFixed(2));
        shape.setAttribute('opacity', '1');
      }
      if (phase !== lastPhase) {
        lastPhase = phase;
        phaseText.textContent = el.dataset[`t${phase[0].toUpperCase()}${phase.slice(1)}`] || '';
        el.dataset.phase = phase;
      }
      requestAnimationFrame(frame);
    }

    function text() {
      if (seconds <= 0 || !left) return;
      const remaining = seconds - since(el);
      left.hidden = false;
      if (remaining > 0) {
        left.textContent = `${clock(remaining)} ${el.dataset.tLeft || ''}`;
      } else if (!doneShown) {
        doneShown = true;
        left.textContent = el.dataset.tDone || '';
        if (go && go.dataset.tDone) go.textContent = go.dataset.tDone;
      }
    }

    for (const radio of document.querySelectorAll('input[name="pattern"]')) {
      radio.addEventListener('change', () => {
        if (radio.checked) el.dataset.pattern = radio.value;
      });
    }
    requestAnimationFrame(frame);
    text();
    setInterval(text, 250);
  }

  function timer(el) {
    const seconds = Number(el.dataset.seconds) || 0;
    const num = el.querySelector('.timer-num');
    const ring = el.querySelector('.ring-fg');
    const over = document.querySelector('.timer-over');
    const done = document.querySelector('button.done');
    const plain = document.querySelector('.timer-plain');
    if (plain) plain.hidden = true;
    let ended = false;
    function tick() {
      const elapsed = since(el);
      const remaining = seconds - elapsed;
      num.textContent = clock(remaining);
      if (ring && seconds > 0) {
        ring.setAttribute('stroke-dashoffset', (100 * Math.min(1, elapsed / seconds)).toFixed(2));
      }
      if (remaining <= 0 && !ended) {
        ended = true;
        el.classList.add('over');
        if (over) {
          over.textContent = el.dataset.tOver || '';
          over.hidden = false;
        }
        if (done) done.classList.remove('secondary');
      }
    }
    tick();
    setInterval(tick, 250);
  }

  function prompts(list) {
    const items = list.querySelectorAll('li');
    if (items.length === 0) return;
    const every = Number(list.dataset.every) || 40;
    const timerEl = document.querySelector('.timer');
    list.classList.add('js');
    let shown = -1;
    function tick() {
      const t = timerEl ? since(timerEl) : (Date.now() - loadedAt) / 1000;
      const i = Math.floor(Math.max(0, t) / every) % items.length;
      if (i === shown) return;
      if (shown >= 0) items[shown].classList.remove('on');
      items[i].classList.add('on');
      shown = i;
    }
    tick();
    setInterval(tick, 1000);
  }

  function counter(el) {
    const num = el.querySelector('.counter-num');
    const tick = () => { num.textContent = clock(since(el)); };
    tick();
    setInterval(tick, 250);
  }

  // An optional reminder while the dilator warms or cools.
  function prepTimer(box) {
    const button = box.querySelector('button');
    const out = box.querySelector('.prep-timer-left');
    const seconds = Number(box.dataset.seconds) || 300;
    let started = 0;
    let handle = 0;
    box.hidden = false;
    button.addEventListener('click', () => {
      started = Date.now();
      button.hidden = true;
      clearInterval(handle);
      const tick = () => {
        const remaining = seconds - (Date.now() - started) / 1000;
        if (remaining > 0) {
          out.textContent = `${clock(remaining)} ${box.dataset.tLeft || ''}`;
        } else {
          out.textContent = box.dataset.tDone || '';
          button.hidden = false;
          clearInterval(handle);
        }
      };
      tick();
      handle = setInterval(tick, 250);
    });
  }

  // The log form's date and time in the browser's own time zone, whatever
  // zone the server drew it in: data-t is the instant shown. The hidden
  // field then names the browser's zone, so the server reads the time back
  // in it (each date with its own offset, summer time or not).
  function localTime(form) {
    const tzField = form.querySelector('.js-tz');
    const when = form.querySelector('input[name="when"]');
    if (!tzField) return;
    const pad = (n) => String(n).padStart(2, '0');
    let at = null;
    if (when && when.dataset.t && /^-?\d+$/.test(when.dataset.t)) {
      at = new Date(Number(when.dataset.t) * 1000);
      when.value = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}` +
        `T${pad(at.getHours())}:${pad(at.getMinutes())}`;
    }
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    if (/^[A-Za-z0-9_+\-/]{1,63}$/.test(zone)) {
      tzField.value = zone;
    } else {
      tzField.value = String(-(at || new Date()).getTimezoneOffset());
    }
  }

  // Keep the screen awake while she breathes and practises (where the
  // browser allows it); it is released when she leaves the page.
  async function stayAwake() {
    try {
      if ('wakeLock' in navigator) await navigator.wakeLock.request('screen');
    } catch (e) {
      // Not allowed here (battery saver, an old browser): nothing to do.
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const el of document.querySelectorAll('.pacer')) pacer(el);
    for (const el of document.querySelectorAll('.timer')) timer(el);
    for (const el of document.querySelectorAll('.prompts')) prompts(el);
    for (const el of document.querySelectorAll('.counter')) counter(el);
    for (const el of document.querySelectorAll('.prep-timer')) prepTimer(el);
    for (const el of document.querySelectorAll('form.log-form')) localTime(el);
    if (document.querySelector('.pacer, .timer')) stayAwake();
  });
})();
