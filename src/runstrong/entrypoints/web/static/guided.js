// The guided session, and the queue of logs kept on the phone.
//
// Loaded on every page: wherever the runner opens the app, logs done without signal are
// sent as soon as it can (on load and on the `online` event), each with the id made when
// its session started, so a repeat is recorded once (the API answers 200 to a repeat).
// On /session/<date> it also runs the session, one set at a time, from the JSON the server
// embeds; the progress is saved after every tap, so a reload or a closed tab loses nothing.
"use strict";
(() => {
  // On a server with accounts, the page's form secret goes with every change it sends.
  function sendHeaders() {
    const secret = document.querySelector('meta[name="csrf-token"]');
    const headers = { "Content-Type": "application/json" };
    if (secret) headers["X-CSRF-Token"] = secret.content;
    return headers;
  }
  const QUEUE_KEY = "runstrong.queue"; // logs waiting to be sent, oldest first
  const STATE_PREFIX = "runstrong.session."; // + date: the session in progress that day
  const LEAD_IN_SECONDS = 3; // time to get into position before a hold starts
  const SESSIONS_AHEAD = 4; // how far the summary looks for the exercises done today
  // The blocks the log coaches (services/coaching.py); warm-up and mobility stay as written.
  const COACHED = ["power", "strength", "accessory", "core"];
  const BLOCK_NAMES = { warmup: "warm-up" };

  // -- storage: a full or blocked localStorage must not break the session itself ----------

  function load(key, fallback) {
    try {
      const text = localStorage.getItem(key);
      return text ? JSON.parse(text) : fallback;
    } catch {
      return fallback;
    }
  }

  function store(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* private mode or full: the session goes on, only without surviving a reload */
    }
  }

  // -- the queue --------------------------------------------------------------------------

  const queued = () => load(QUEUE_KEY, []);

  function enqueue(log) {
    store(QUEUE_KEY, [...queued().filter((l) => l.id !== log.id), log]);
  }

  let sending = null; // one round of sending at a time in this tab

  function flush() {
    // A round already going may have read the queue before the newest log: go again after.
    if (sending) return sending.then(flush);
    sending = (async () => {
      for (const log of queued()) {
        let response;
        try {
          response = await fetch("/api/v1/sessions", {
            method: "POST",
            headers: sendHeaders(),
            body: JSON.stringify(log),
          });
        } catch {
          return; // no connection: everything stays queued for the next try
        }
        // The server's own trouble or a busy one: try again later, in the same order.
        if (response.status >= 500 || response.status === 408 || response.status === 429) return;
        const body = await response.json().catch(() => ({}));
        store(QUEUE_KEY, queued().filter((l) => l.id !== log.id));
        document.dispatchEvent(
          new CustomEvent("runstrong:sent", { detail: { id: log.id, status: response.status, body } }),
        );
      }
    })().finally(() => {
      sending = null;
    });
    return sending;
  }

  // -- offline copies: ask the service worker to keep pages it has not seen through itself --

  function keepForOffline(urls) {
    if (!urls.length || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready
      .then((registration) => registration.active && registration.active.postMessage({ keep: urls }))
      .catch(() => {});
  }

  // -- small helpers ------------------------------------------------------------------------

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  // Like replaceChildren, leaving out the parts a screen does not have (null, false).
  function fill(node, ...children) {
    node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  }

  function newId() {
    // randomUUID needs a secure context; a phone on http://<home server> has only this.
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  const clock = (seconds) => {
    const s = Math.max(0, Math.ceil(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };
  const kg = (value) => `${Number(value.toFixed(2))} kg`;
  const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  const dayName = (iso) =>
    new Date(`${iso}T12:00:00`).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long" });

  // -- signals: a buzz where the phone can, a short beep where the browser lets us ---------

  let audio = null;

  function unlockAudio() {
    // Browsers start sound only after a tap: the first tap in the session opens it.
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!audio && Context) audio = new Context();
      if (audio && audio.state === "suspended") audio.resume();
    } catch {
      audio = null;
    }
  }

  function signal() {
    try {
      if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
    } catch {
      /* not allowed here: the beep and the text still say it */
    }
    if (!audio) return;
    const now = audio.currentTime;
    for (const start of [0, 0.3]) {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.2, now + start);
      volume.gain.exponentialRampToValueAtTime(0.001, now + start + 0.2);
      tone.connect(volume).connect(audio.destination);
      tone.start(now + start);
      tone.stop(now + start + 0.2);
    }
  }

  // -- the session as steps: one step is one set on one side ---------------------------------

  function itemsOf(session) {
    return session.blocks.flatMap((block) => block.items.map((item) => ({ ...item, block: block.kind })));
  }

  function planSteps(items, skipWarmup) {
    // Items sharing a pair letter (A1, A2) are a superset: one set of each in turn, then
    // the rest; each keeps its own sides, and the weaker side's extra sets come after.
    const steps = [];
    const placed = new Set();
    items.forEach((item, index) => {
      if (placed.has(index) || (skipWarmup && item.block === "warmup")) return;
      const group = item.pair
        ? items.map((other, i) => i).filter((i) => items[i].pair === item.pair)
        : [index];
      group.forEach((i) => placed.add(i));
      const rounds = Math.max(...group.map((i) => items[i].sets));
      for (let set = 1; set <= rounds; set += 1) {
        const round = group.filter((i) => set <= items[i].sets);
        round.forEach((i, place) => {
          const sides = items[i].per_side ? ["left", "right"] : [null];
          sides.forEach((side, s) => {
            const last = place === round.length - 1 && s === sides.length - 1;
            steps.push({ item: i, set, of: items[i].sets, side, extra: false, restHere: group.length === 1 || last });
          });
        });
      }
      for (const i of group) {
        for (const side of ["left", "right"]) {
          const extra = (items[i].extra_sets && items[i].extra_sets[side]) || 0;
          for (let set = 1; set <= extra; set += 1) steps.push({ item: i, set, of: extra, side, extra: true, restHere: true });
        }
      }
    });
    return steps;
  }

  function restAfter(state, position) {
    const step = state.steps[position];
    const next = state.steps[position + 1];
    if (!next) return 0; // the last set: on to the summary
    if (step.restHere === false) return 0; // within a superset's round: straight to the next
    // The two sides of one set go back to back; the rest comes after both.
    if (step.side === "left" && next.item === step.item && next.side === "right" && next.set === step.set && next.extra === step.extra) return 0;
    return state.items[step.item].rest_seconds || 0;
  }

  // -- the page -----------------------------------------------------------------------------

  function runSession(root, data) {
    const key = STATE_PREFIX + data.date;
    let state = load(key, null);
    let hold = null; // {startedAt, seconds}: holds are short, they do not survive a reload
    let ticking = null;

    const save = () => store(key, state);

    function start(skipWarmup) {
      unlockAudio();
      const items = itemsOf(data.session);
      state = {
        version: 1,
        id: newId(),
        date: data.date,
        items, // the prescription as it was at the start, kept for a reload
        steps: planSteps(items, skipWarmup),
        position: 0,
        done: [],
        stopped: {},
        skipped: {},
        swaps: {},
        notice: null,
        restUntil: null,
        restSeconds: 0,
        restSignalled: false,
        finished: false,
        note: "",
        outcome: null,
      };
      moveOn();
      save();
      render(true);
    }

    // Skip steps of exercises stopped or skipped; the position lands on a set still to do.
    function moveOn() {
      while (state.position < state.steps.length) {
        const step = state.steps[state.position];
        if (!state.stopped[step.item] && !state.skipped[step.item]) break;
        state.position += 1;
      }
    }

    function exerciseOf(index) {
      return state.swaps[index] || { exercise: state.items[index].exercise, name: state.items[index].name };
    }

    function lastLoad(index) {
      const { exercise } = exerciseOf(index);
      for (let i = state.done.length - 1; i >= 0; i -= 1) {
        const done = state.done[i];
        if (done.exercise === exercise && done.load_kg !== null) return done.load_kg;
      }
      const item = state.items[index];
      return exercise === item.exercise && item.load_kg ? item.load_kg : null;
    }

    const loaded = (item) => !item.load.bodyweight || Boolean(item.load_kg);

    function painNotice(pain, index) {
      const rule = data.pain;
      // The stop is read on the next exercise's screen: it names the one it stopped.
      if (pain > rule.stop_above) return { kind: "stop", item: index, text: `${exerciseOf(index).name}: ${rule.stop.replace("{pain}", pain)}` };
      if (pain <= rule.acceptable) return null;
      const easier = (data.exercises[state.items[index].exercise] || { easier: [] }).easier;
      const text = easier.length
        ? rule.lighter.replace("{pain}", pain).replace("{easier}", easier.map((e) => e.name).join(" or "))
        : rule.lighter_no_option.replace("{pain}", pain);
      return { kind: "lighter", item: index, text, easier };
    }

    function record(values) {
      const step = state.steps[state.position];
      const { exercise } = exerciseOf(step.item);
      state.done.push({ step: state.position, item: step.item, exercise, side: step.side, ...values });
      state.notice = painNotice(values.pain, step.item) || (state.notice && state.notice.item === step.item && state.notice.kind === "lighter" ? state.notice : null);
      const rest = restAfter(state, state.position);
      if (state.notice && state.notice.kind === "stop") {
        state.stopped[step.item] = values.pain;
        state.restUntil = null;
      } else if (rest > 0) {
        state.restUntil = Date.now() + rest * 1000;
        state.restSeconds = rest;
        state.restSignalled = false;
      } else {
        state.restUntil = null;
      }
      state.position += 1;
      moveOn();
      hold = null;
      save();
      render(true);
    }

    function skipExercise(index) {
      state.skipped[index] = true;
      state.notice = null;
      state.restUntil = null;
      moveOn();
      hold = null;
      save();
      render(true);
    }

    function skipWarmup() {
      state.items.forEach((item, index) => {
        if (item.block === "warmup") state.skipped[index] = true;
      });
      moveOn();
      save();
      render(true);
    }

    function swap(index, option) {
      state.swaps[index] = option;
      state.notice = { ...state.notice, swapped: option.name };
      save();
      render(true);
    }

    // -- timers: one ticker for the rest and the hold, from the clock, so a reload or a
    // phone asleep in a pocket still counts from the real start.

    function tick() {
      const now = Date.now();
      const restText = root.querySelector("#rest-timer");
      if (state && state.restUntil) {
        const left = (state.restUntil - now) / 1000;
        if (restText) restText.textContent = clock(left);
        if (left <= 0 && !state.restSignalled) {
          state.restSignalled = true;
          save();
          signal();
          const label = root.querySelector("#rest-label");
          if (label) label.textContent = "Rest over: go when you are ready.";
          const skip = root.querySelector("#rest button");
          if (skip) skip.remove();
        }
      }
      const holdText = root.querySelector("#hold-timer");
      if (hold && holdText) {
        const gone = (now - hold.startedAt) / 1000;
        if (gone < LEAD_IN_SECONDS) {
          holdText.textContent = `Get ready: ${Math.ceil(LEAD_IN_SECONDS - gone)}`;
        } else if (gone < LEAD_IN_SECONDS + hold.seconds) {
          if (!hold.going) {
            hold.going = true;
            signal();
          }
          holdText.textContent = `Hold: ${clock(LEAD_IN_SECONDS + hold.seconds - gone)}`;
        } else {
          holdText.textContent = "Hold done: tap Done.";
          hold = null;
          const button = root.querySelector("#hold-button");
          if (button) button.textContent = "Start the hold again";
          signal();
        }
      }
      const busy = (state && state.restUntil && !state.restSignalled) || hold;
      if (!busy && ticking) {
        clearInterval(ticking);
        ticking = null;
      }
    }

    function startTicking() {
      if (!ticking) ticking = setInterval(tick, 250);
      tick();
    }

    function toggleHold(seconds) {
      unlockAudio();
      const button = root.querySelector("#hold-button");
      const input = root.querySelector("#set-amount");
      if (hold) {
        // Stopped early: what was held is what is logged, unless changed by hand.
        const held = Math.floor((Date.now() - hold.startedAt) / 1000) - LEAD_IN_SECONDS;
        if (held > 0 && input) input.value = String(held);
        hold = null;
        root.querySelector("#hold-timer").textContent = held > 0 ? `Held ${held} s` : "Hold stopped";
        button.textContent = "Start the hold again";
        return;
      }
      hold = { startedAt: Date.now(), seconds, going: false };
      button.textContent = "Stop the hold";
      startTicking();
    }

    // -- screens ----------------------------------------------------------------------------

    function render(moved) {
      let heading;
      if (!state) heading = renderStart();
      else if (state.finished) heading = renderSummary();
      else if (state.position >= state.steps.length) heading = renderFinish();
      else heading = renderSet();
      if (moved && heading) {
        // Focus on the new heading tells a screen reader where it is; the Done button is
        // brought into view for the thumb.
        heading.focus({ preventScroll: true });
        const done = root.querySelector("button.done") || heading;
        window.scrollTo(0, 0);
        done.scrollIntoView({ block: "nearest" });
      }
      if (state && (state.restUntil || hold)) startTicking();
    }

    function renderStart() {
      const items = itemsOf(data.session);
      const heading = el("h2", { tabindex: "-1", text: `${capital(data.session.focus)}, about ${data.session.minutes} min` });
      const hasWarmup = items.some((item) => item.block === "warmup");
      fill(root,
        heading,
        data.logged ? el("p", { class: "warn", text: "A session on this day is already logged. Doing it again logs a second one." }) : null,
        el("p", { text: `${items.length} exercises, one at a time. Each set shows what to do; tap Done, or change the numbers first.` }),
        el("ol", {}, items.map((item) => el("li", { text: `${item.name}: ${item.amount}` }))),
        el("p", { class: "actions" },
          el("button", { type: "button", id: "start", onclick: () => start(false), text: hasWarmup ? "Start with the warm-up" : "Start" }),
          hasWarmup ? el("button", { type: "button", class: "secondary", onclick: () => start(true), text: "Start without the warm-up" }) : null),
      );
      return heading;
    }

    function renderSet() {
      const step = state.steps[state.position];
      const item = state.items[step.item];
      const { exercise, name } = exerciseOf(step.item);
      const order = [...new Set(state.steps.map((s) => s.item))];
      const facts = data.exercises[item.exercise] || { cues: [], easier: [] };
      const timed = item.seconds !== null && item.seconds !== undefined;

      const heading = el("h2", { tabindex: "-1", id: "step-title", text: name });
      const dose = [item.amount, item.effort];
      // the log's load: carried forward as it was, or changed by the rules (said why below)
      if (item.load_kg) dose.push(item.progression ? `${kg(item.load_kg)} this time` : `last time ${kg(item.load_kg)}`);
      if (item.tempo) dose.push(`tempo ${item.tempo}`);
      if (item.hold_top) dose.push(`hold ${item.hold_top} s at the top`);
      if (item.rest_seconds) dose.push(`rest ${item.rest_seconds} s`);

      let setTitle = `Set ${step.set} of ${step.of}`;
      if (step.extra) setTitle = `Extra set ${step.set} of ${step.of} for your weaker ${step.side} side`;
      else if (step.side) setTitle += `, ${step.side} side`;

      const fieldId = (part) => `set-${part}`;
      const prescribed = timed ? item.seconds : item.reps;
      const load = lastLoad(step.item);
      const rpe = typeof item.load.rpe === "number" ? item.load.rpe : "";
      const number = (id, label, value, extra) => [
        el("label", { for: fieldId(id), text: label }),
        el("input", { id: fieldId(id), name: id, type: "number", inputmode: "decimal", value: value === null ? "" : value, ...extra }),
      ];
      const painChoice = el("select", { id: fieldId("pain"), name: "pain" },
        Array.from({ length: 11 }, (_, n) => el("option", { value: n, text: n === 0 ? "0 (none)" : String(n) })));
      const error = el("p", { class: "field-error", id: "set-error", role: "alert" });
      const form = el("form", { id: "set-form", novalidate: true, "aria-labelledby": "set-title" },
        el("h3", { id: "set-title", text: setTitle }),
        timed ? el("div", { class: "hold" },
          el("p", { class: "timer", id: "hold-timer", role: "timer", "aria-live": "off", text: clock(item.seconds) }),
          el("button", { type: "button", id: "hold-button", class: "secondary", onclick: () => toggleHold(item.seconds), text: `Start the ${item.seconds} s hold` })) : null,
        el("div", { class: "set-row" },
          el("div", {}, number("amount", timed ? "Seconds" : "Reps", prescribed, { min: 0, max: timed ? 3600 : 200, step: 1, inputmode: "numeric" })),
          loaded(item) ? el("div", {}, number("load", "Load (kg)", load, { min: 0, max: 500, step: 0.5 })) : null,
          // Effort matters to the coach only in the work it coaches, not in the warm-up drills.
          COACHED.includes(item.block) ? el("div", {}, number("rpe", "Effort (1-10)", rpe, { min: 1, max: 10, step: 0.5 })) : null,
          el("div", {}, el("label", { for: fieldId("pain"), text: "Pain (0-10)" }), painChoice)),
        error,
        el("button", { type: "submit", class: "done", text: "Done" }));
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        unlockAudio();
        const values = readSet(form, timed, error);
        if (values) record(values);
      });

      const notice = state.notice && state.notice.item !== undefined ? renderNotice(step.item) : null;
      const over = state.restUntil && state.restUntil <= Date.now();
      const rest = state.restUntil ? el("div", { class: "rest card", id: "rest" },
        el("p", { id: "rest-label", "aria-live": "polite", text: over ? "Rest over: go when you are ready." : `Rest ${state.restSeconds} s, then the next set.` }),
        el("p", { class: "timer", id: "rest-timer", role: "timer", "aria-live": "off", text: clock((state.restUntil - Date.now()) / 1000) }),
        over ? null : el("button", { type: "button", class: "secondary", onclick: endRest, text: "Skip the rest" })) : null;

      fill(root,
        el("p", { class: "muted", text: `Exercise ${order.indexOf(step.item) + 1} of ${order.length}, ${BLOCK_NAMES[item.block] || item.block}` }),
        heading,
        el("p", { class: "dose", text: dose.join(", ") }),
        item.progression && exercise === item.exercise ? el("p", { class: "change", text: item.progression.reason }) : null,
        exercise !== item.exercise ? el("p", { class: "muted", text: `Instead of ${item.name}, for the sets left.` }) : el("p", { class: "why", text: item.why }),
        facts.cues.length && exercise === item.exercise ? el("details", {}, el("summary", { text: "How to do it" }), el("ul", {}, facts.cues.map((cue) => el("li", { text: cue })))) : null,
        item.warmup_sets > 0 && step.set === 1 && !step.side && !step.extra ? el("p", { class: "muted", text: `Before this set: ${item.warmup_sets} lighter ramp-up sets (not logged).` }) : null,
        notice,
        rest,
        form,
        el("p", { class: "actions" },
          el("button", { type: "button", class: "secondary", onclick: () => skipExercise(step.item), text: "Skip this exercise" }),
          item.block === "warmup" ? el("button", { type: "button", class: "secondary", onclick: skipWarmup, text: "Skip the warm-up" }) : null),
      );
      return heading;
    }

    function renderNotice(current) {
      const notice = state.notice;
      // A stop is said on the next exercise's screen; going lighter stays with its exercise.
      if (notice.kind === "lighter" && notice.item !== current) return null;
      const box = el("div", { class: `notice ${notice.kind}`, role: "alert" }, el("p", { text: notice.text }));
      if (notice.kind === "lighter" && !state.swaps[current]) {
        for (const option of notice.easier || []) {
          box.append(el("button", { type: "button", class: "secondary", onclick: () => swap(current, option), text: `Do the sets left as ${option.name}` }));
        }
      }
      if (notice.swapped) box.append(el("p", { text: `Switched to ${notice.swapped}.` }));
      return box;
    }

    function endRest() {
      state.restUntil = null;
      save();
      const panel = root.querySelector("#rest");
      if (panel) panel.remove();
      const done = root.querySelector("#set-form button[type=submit]");
      if (done) done.focus();
    }

    function readSet(form, timed, error) {
      const problems = [];
      const value = (name) => {
        const input = form.elements[name];
        return input ? input.value.trim() : "";
      };
      const check = (name, label, low, high, whole, required) => {
        const input = form.elements[name];
        if (!input) return null;
        const text = value(name);
        input.removeAttribute("aria-invalid");
        if (text === "" && !required) return null;
        const number = Number(text);
        if (text === "" || !Number.isFinite(number) || number < low || number > high || (whole && !Number.isInteger(number))) {
          input.setAttribute("aria-invalid", "true");
          problems.push(`${label}: ${whole ? "a whole number" : "a number"} from ${low} to ${high}.`);
          return null;
        }
        return number;
      };
      const amount = check("amount", timed ? "Seconds" : "Reps", 0, timed ? 3600 : 200, true, true);
      const loadKg = check("load", "Load", 0, 500, false, false);
      const rpe = check("rpe", "Effort", 1, 10, false, false);
      const pain = Number(value("pain") || 0);
      error.textContent = problems.join(" ");
      if (problems.length) return null;
      return { reps: timed ? null : amount, seconds: timed ? amount : null, load_kg: loadKg, rpe, pain };
    }

    function renderFinish() {
      const heading = el("h2", { tabindex: "-1", text: "All sets done" });
      const note = el("textarea", { id: "note", name: "note", rows: 3, maxlength: 2000 });
      note.value = state.note || "";
      note.addEventListener("input", () => {
        state.note = note.value;
        save();
      });
      const nothing = state.done.length === 0;
      fill(root,
        heading,
        // A stop on the last exercise is said here, at once, like anywhere else.
        state.notice && state.notice.kind === "stop" ? renderNotice(null) : null,
        renderDone(),
        nothing ? el("p", { text: "No set was done, so there is nothing to save." }) : null,
        el("label", { for: "note", text: "A note for this session (optional)" }),
        note,
        el("p", { class: "actions" },
          nothing ? null : el("button", { type: "button", id: "save", onclick: finish, text: "Save the session" }),
          el("button", { type: "button", class: "secondary", onclick: startAgain, text: "Start again" })),
      );
      return heading;
    }

    function startAgain() {
      state = null;
      try {
        localStorage.removeItem(key);
      } catch {
        /* nothing kept to remove */
      }
      render(true);
    }

    function buildLog() {
      const items = [];
      for (const done of state.done) {
        let entry = items.find((i) => i.exercise === done.exercise);
        if (!entry) {
          entry = { exercise: done.exercise, sets: [] };
          items.push(entry);
        }
        const { reps, seconds, load_kg, rpe, pain, side } = done;
        entry.sets.push({ reps, seconds, load_kg, rpe, pain, side });
      }
      return { id: state.id, date: state.date, items, note: state.note || "" };
    }

    function finish() {
      state.finished = true;
      state.finishedAt = Date.now();
      state.restUntil = null;
      state.outcome = { status: "sending" };
      enqueue(buildLog());
      save();
      render(true);
      flush().then(() => {
        // Still queued after a try: no connection. It goes with the next `online` or load.
        if (state && state.outcome && state.outcome.status === "sending" && queued().some((l) => l.id === state.id)) {
          state.outcome = { status: "kept" };
          save();
          render(false);
        }
      });
    }

    async function onSent(event) {
      const { id, status, body } = event.detail;
      if (!state || state.id !== id) return;
      if (status === 200 || status === 201) {
        state.outcome = { status: "sent", repeat: status === 200, messages: status === 201 ? body.messages || [] : [] };
        save();
        render(false);
        await nextTime();
      } else {
        const message = body && body.error ? body.error.message : `the answer was ${status}`;
        state.outcome = { status: "refused", message };
        save();
        render(false);
      }
    }

    // What changes next time: each exercise done today, where it comes back in the next
    // sessions (now adjusted by this log), with the load to start from and the reason for a
    // change. A week of sessions covers nearly every exercise; the walk stops there.
    async function nextTime() {
      const waiting = new Map();
      for (const done of state.done) {
        const item = state.items[done.item];
        if (COACHED.includes(item.block)) waiting.set(done.exercise, true);
      }
      const changes = [];
      const explained = new Set();
      let date = data.next;
      const first = date;
      for (let hops = 0; date && waiting.size && hops < SESSIONS_AHEAD; hops += 1) {
        let due;
        try {
          const response = await fetch(`/api/v1/today?date=${encodeURIComponent(date)}`);
          if (!response.ok) return;
          due = await response.json();
        } catch {
          return; // the summary says what it can; each session shows its own changes anyway
        }
        for (const block of due.session ? due.session.blocks : []) {
          for (const item of block.items) {
            if (!waiting.has(item.exercise)) continue;
            waiting.delete(item.exercise);
            const when = dayName(date);
            if (item.progression) {
              changes.push(`${item.name}, ${when}: ${item.progression.reason}`);
              explained.add(item.exercise);
            }
            else if (item.load_kg) changes.push(`${item.name}, ${when}: start from ${kg(item.load_kg)}, as today.`);
          }
        }
        date = due.next;
      }
      // The server's words on pain name the exercise by id; say its name, once.
      const names = new Map(state.items.map((item) => [item.exercise, item.name]));
      const messages = (state.outcome.messages || []).flatMap((message) => {
        const [id, ...rest] = message.split(": ");
        if (!names.has(id)) return [message];
        return explained.has(id) ? [] : [`${names.get(id)}: ${rest.join(": ")}`];
      });
      state.outcome = { ...state.outcome, messages, next: { date: first, changes } };
      save();
      render(false);
    }

    function renderDone() {
      const list = el("ul", { class: "done-list" });
      state.items.forEach((item, index) => {
        const sets = state.done.filter((d) => d.item === index);
        let text = `${item.name}: `;
        if (sets.length) {
          // Alike sets counted once ("3 × 10 reps"), in the order first done.
          const counts = new Map();
          for (const d of sets) {
            let one = d.side ? `${d.side} ` : "";
            one += d.reps !== null ? `${d.reps} reps` : `${d.seconds} s`;
            if (d.load_kg !== null) one += ` at ${kg(d.load_kg)}`;
            if (d.pain) one += ` (pain ${d.pain}/10)`;
            counts.set(one, (counts.get(one) || 0) + 1);
          }
          text += [...counts].map(([one, n]) => (n > 1 ? `${n} × ${one}` : one)).join(", ");
          const swapped = sets.filter((d) => d.exercise !== item.exercise).length;
          if (swapped) text += `; the last ${swapped === 1 ? "set" : `${swapped} sets`} as ${state.swaps[index].name}`;
          if (state.skipped[index]) text += "; the rest skipped";
        } else {
          text += state.skipped[index] ? "skipped" : "not done";
        }
        if (state.stopped[index] !== undefined) text += `. Stopped for pain of ${state.stopped[index]}/10.`;
        list.append(el("li", { text }));
      });
      return el("section", { "aria-labelledby": "done-title" }, el("h3", { id: "done-title", text: "What you did" }), list);
    }

    function renderSummary() {
      const outcome = state.outcome || { status: "kept" };
      const heading = el("h2", { tabindex: "-1", text: "Session done" });
      const words = {
        sending: "Saving…",
        kept: "No connection: the session is kept on this phone and sent when the connection is back.",
        sent: outcome.repeat ? "Saved. It had already reached the server, so it is recorded once." : "Saved.",
        refused: `The server did not accept this session: ${outcome.message}`,
      };
      const next = el("section", { "aria-labelledby": "next-title" }, el("h3", { id: "next-title", text: "What changes next time" }));
      if (outcome.status !== "sent") {
        next.append(el("p", { text: "This shows once the session is sent." }));
      } else {
        const lines = [...(outcome.messages || []), ...((outcome.next && outcome.next.changes) || [])];
        if (lines.length) next.append(el("ul", {}, lines.map((line) => el("li", { text: line }))));
        else if (outcome.next) next.append(el("p", { text: "Nothing changes yet: the same dose next time. Loads and reps go up after two good sessions in a row." }));
        else next.append(el("p", { text: "Looking at the next session…" }));
        if (outcome.next && outcome.next.date) {
          next.append(el("p", {}, "Next session: ", el("a", { href: `/today?date=${outcome.next.date}`, text: dayName(outcome.next.date) }), "."));
        } else if (outcome.next) {
          next.append(el("p", { text: "This was the last session of the plan." }));
        }
      }
      fill(root,
        heading,
        el("p", { id: "outcome", class: outcome.status === "refused" ? "bad" : null, role: "status", text: words[outcome.status] }),
        renderDone(),
        next,
        el("p", { class: "actions" }, el("a", { class: "button secondary", href: "/today", text: "Back to today" })),
      );
      return heading;
    }

    document.addEventListener("runstrong:sent", onSent);
    // A rest that ended while the tab was closed is not buzzed for when it opens again.
    if (state && state.restUntil && state.restUntil <= Date.now()) state.restSignalled = true;
    // A log left "sending" by a closed tab is still in the queue: say so until it goes.
    if (state && state.finished && state.outcome && state.outcome.status === "sending") state.outcome.status = "kept";
    render(false);
  }

  // -- start --------------------------------------------------------------------------------

  function main() {
    const embedded = document.getElementById("session-data");
    const root = document.getElementById("guided");
    if (embedded && root) {
      runSession(root, JSON.parse(embedded.textContent));
      // Opened before the service worker was in charge: have it keep this page now.
      if (navigator.serviceWorker && !navigator.serviceWorker.controller) keepForOffline([location.pathname]);
    }
    // The sessions /today links to open offline later, without having been opened before.
    const links = [...document.querySelectorAll('a[href^="/session/"]')].map((a) => a.getAttribute("href"));
    keepForOffline(links);
    if (queued().length) flush();
    forgetOldSessions();
  }

  // Sessions sent stay a while after they are finished (their summary opens again), then go.
  const KEEP_DAYS = 14;

  function forgetOldSessions() {
    const before = Date.now() - KEEP_DAYS * 86400000;
    try {
      for (const key of Object.keys(localStorage)) {
        if (!key.startsWith(STATE_PREFIX)) continue;
        const state = load(key, null);
        const sent = state && state.finished && state.outcome && state.outcome.status === "sent";
        if (sent && state.finishedAt < before) localStorage.removeItem(key);
      }
    } catch {
      /* storage not readable: nothing to tidy */
    }
  }

  window.addEventListener("online", () => flush());
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", main);
  else main();
})();
