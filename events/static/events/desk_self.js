/* Self check-in from the venue poster: one key per form, so a double tap (or a resent POST)
 * is applied once by the server; the button is disabled after the first tap. */
(function () {
  "use strict";
  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  document.querySelectorAll("[data-self-checkin]").forEach(function (form) {
    form.querySelector("[name=key]").value = newKey();
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (button) {
        // The clicked button's value must still reach the server once it is disabled.
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = button.name;
        hidden.value = button.value;
        form.appendChild(hidden);
        setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  });
}());
