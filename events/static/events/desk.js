/* The door desk (templates/events/desk/event.html). A static file, so the strict CSP holds.
 *
 * - Search as you type: hides the cards that do not match (name, email, last 4 phone digits,
 *   check-in code); the server renders every card of the shift, no paging.
 * - Taps (Check in / No-show / Undo, and check-in by code) are sent with a key made per tap.
 *   When the connection is down they wait in localStorage, the page says how many, and they are
 *   sent when it is back; the server applies each key once, so nothing is recorded twice.
 * - Scan: the phone camera through the BarcodeDetector API, where the browser has it.
 * Without this script every form still works by a normal POST.
 */
(function () {
  "use strict";

  var cards = document.getElementById("desk-cards");
  if (!cards) { return; }
  var queueKey = "desk-queue:" + location.pathname;
  var queueNote = document.getElementById("desk-queue");
  var answer = document.getElementById("desk-answer");
  var sending = false;

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function readQueue() {
    try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; }
  }

  function writeQueue(queue) {
    localStorage.setItem(queueKey, JSON.stringify(queue));
    showQueue(queue);
  }

  function showQueue(queue) {
    var count = queue.length;
    queueNote.hidden = count === 0;
    var text = count === 1 ? queueNote.dataset.one : queueNote.dataset.many;
    queueNote.textContent = count ? text.replace("%(count)s", count) : "";
  }

  function say(text, isError) {
    answer.textContent = text || "";
    answer.classList.toggle("desk-answer--error", !!isError);
  }

  function counter(name) { return document.querySelector('[data-count="' + name + '"]'); }

  function bump(name, by) {
    var cell = counter(name);
    if (cell) { cell.textContent = Math.max(0, parseInt(cell.textContent, 10) + by); }
  }

  function setState(card, state, time) {
    var before = card.dataset.state || "";
    if (before !== state) {
      if (before) { bump(before, -1); }
      if (state) { bump(state, 1); }
    }
    card.dataset.state = state;
    var label = state === "ATTENDED" ? cards.dataset.labelAttended
      : state === "NO_SHOW" ? cards.dataset.labelNoShow : cards.dataset.labelNone;
    var text = card.querySelector("[data-state-text]");
    if (text) { text.textContent = label + (time ? " " + time : ""); }
  }

  var AFTER = { checkin: "ATTENDED", no_show: "NO_SHOW", undo: "" };

  function cardFor(rsvpId) {
    return cards.querySelector('[data-rsvp="' + rsvpId + '"]');
  }

  function post(item) {
    var body = new URLSearchParams(item.fields);
    return fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return { ok: false, error: response.statusText }; })
        .then(function (data) { data.status = response.status; return data; });
    });
  }

  function applyAnswer(data, name) {
    if (data.ok) {
      var card = cardFor(data.rsvp);
      if (card) {
        delete card.dataset.queued;
        setState(card, data.attendance, data.time);
        name = name || card.querySelector(".desk-card__name").textContent;
      }
      say(name ? name + ": " + data.attendance_label : data.attendance_label, false);
    } else {
      say(data.error || "", true);
    }
  }

  function send(item, name) {
    return post(item).then(function (data) { applyAnswer(data, name); return true; },
      function () { return false; });
  }

  function enqueue(item) {
    var queue = readQueue();
    queue.push(item);
    writeQueue(queue);
  }

  function flush() {
    if (sending) { return; }
    var queue = readQueue();
    if (!queue.length) { return; }
    sending = true;
    var item = queue[0];
    post(item).then(function (data) {
      // An answer (even a refusal) means the server has seen this key: drop it from the queue.
      writeQueue(readQueue().filter(function (other) { return other.fields.key !== item.fields.key; }));
      applyAnswer(data);
      sending = false;
      flush();
    }, function () { sending = false; });
  }

  function tap(form, url, fields, optimistic) {
    fields.key = newKey();
    fields.csrfmiddlewaretoken = form.querySelector("[name=csrfmiddlewaretoken]").value;
    var item = { url: url, fields: fields };
    if (optimistic) { optimistic(); }
    if (!navigator.onLine) { enqueue(item); return; }
    send(item).then(function (sent) { if (!sent) { enqueue(item); } });
  }

  // Every card's buttons belong to one form and name their RSVP's URL in formaction.
  var tapForm = document.getElementById("desk-tap");
  tapForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = event.submitter;
    if (!button) { return; }
    var card = button.closest(".desk-card");
    var action = button.value;
    tap(tapForm, button.getAttribute("formaction"), { action: action }, function () {
      card.dataset.queued = "";
      setState(card, AFTER[action], "");
    });
    // Keep the focus on the card's remaining primary button.
    var next = card.querySelector("button:not([value='" + action + "'])");
    if (next && next.offsetParent !== null) { next.focus(); }
  });

  var codeForm = document.querySelector("[data-desk-code]");
  if (codeForm) {
    codeForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = codeForm.querySelector("[name=code]");
      var code = input.value.trim();
      if (!code) { return; }
      tap(codeForm, codeForm.getAttribute("action"), { code: code }, null);
      input.value = "";
      input.focus();
    });
  }

  var search = document.querySelector("[data-desk-search]");
  var none = document.getElementById("desk-none");
  function filter() {
    var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(cards.children, function (card) {
      var text = card.dataset.search || "";
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      card.hidden = !match;
      if (match) { shown += 1; }
    });
    if (none) { none.hidden = shown !== 0; }
  }
  if (search) {
    search.addEventListener("input", filter);
    search.form.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
  }

  // Scan mode: only where the browser can read QR codes from the camera.
  var scanButton = document.getElementById("desk-scan");
  if (scanButton && "BarcodeDetector" in window && navigator.mediaDevices) {
    var scanner = document.getElementById("desk-scanner");
    var video = document.getElementById("desk-video");
    var stopButton = document.getElementById("desk-scan-stop");
    var stream = null;
    var lastSeen = "";
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    scanButton.hidden = false;

    var stop = function () {
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      scanner.hidden = true;
    };
    var look = function () {
      if (!stream) { return; }
      detector.detect(video).then(function (codes) {
        var value = codes.length ? codes[0].rawValue : "";
        if (value && value !== lastSeen) {
          lastSeen = value;
          tap(codeForm, codeForm.getAttribute("action"), { code: value }, null);
        }
        setTimeout(look, 300);
      }, function () { setTimeout(look, 600); });
    };
    scanButton.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          scanner.hidden = false;
          return video.play();
        })
        .then(look, function () { stop(); });
    });
    stopButton.addEventListener("click", stop);
  }

  window.addEventListener("online", flush);
  setInterval(function () { if (navigator.onLine) { flush(); } }, 5000);
  showQueue(readQueue());
  flush();
}());
