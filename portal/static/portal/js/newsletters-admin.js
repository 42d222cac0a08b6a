// Live progress on the newsletter send screen: polls the JSON endpoint while a send runs.
(function () {
  "use strict";
  var section = document.querySelector("[data-progress-url]");
  if (!section) return;
  var url = section.getAttribute("data-progress-url");
  var status = document.querySelector("[data-newsletter-status]");
  var running = { queuing: true, sending: true, scheduled: true };
  var polls = 0;
  var maxPolls = 2000; // About three hours at 5 s: a forgotten tab stops asking eventually.

  function update(data) {
    section.querySelectorAll("[data-progress]").forEach(function (cell) {
      var key = cell.getAttribute("data-progress");
      if (key in data) cell.textContent = String(data[key]);
    });
    if (status && data.status_label) status.textContent = data.status_label;
    return Boolean(running[data.status]);
  }

  function poll() {
    polls += 1;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && update(data) && polls < maxPolls) window.setTimeout(poll, 5000);
      })
      .catch(function () { if (polls < maxPolls) window.setTimeout(poll, 15000); });
  }

  window.setTimeout(poll, 2000);
})();
