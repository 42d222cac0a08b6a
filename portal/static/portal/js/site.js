// Progressive enhancement only: every page works without this file, and nothing it does moves
// the layout (the menu is collapsed on phones by CSS from the first paint; see site.css).
(function () {
  "use strict";

  function setUpMenu() {
    // Without this script the toggle is a link to #site-nav, which CSS opens with :target.
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) return;
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("is-open", open);
    }
    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        setOpen(toggle.getAttribute("aria-expanded") !== "true");
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  function focusErrorSummary() {
    // After a failed submit, screen-reader and keyboard users land on what went wrong.
    var summary = document.getElementById("form-errors");
    if (summary) summary.focus();
  }

  function setUpShare() {
    var boxes = document.querySelectorAll(".share");
    Array.prototype.forEach.call(boxes, function (box) {
      var url = box.getAttribute("data-share-url");
      var title = box.getAttribute("data-share-title") || document.title;
      var status = box.querySelector(".share__status");
      var copy = box.querySelector(".share__copy");
      var share = box.querySelector(".share__native");
      if (copy && navigator.clipboard && window.isSecureContext) {
        copy.hidden = false;
        copy.addEventListener("click", function () {
          navigator.clipboard.writeText(url).then(function () {
            if (status) status.textContent = box.getAttribute("data-copied") || "";
          });
        });
      }
      if (share && navigator.share) {
        share.hidden = false;
        share.addEventListener("click", function () {
          navigator.share({ title: title, url: url }).catch(function () {});
        });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    focusErrorSummary();
    setUpShare();
  });
})();
