// After htmx swaps a form's answer in, move focus to its message (thank-you or errors) so
// keyboard and screen-reader users hear it; without JavaScript the page simply reloads.
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterSettle", function () {
    var message = document.querySelector("[data-focus]");
    if (message) message.focus();
  });

  // Forms marked data-submit-key get a random key the first time they are sent, and keep it:
  // the same form sent twice (a double click) carries the same key and counts once, while a
  // new visit or a new filling of the form is a new sending. The page's HTML stays the same
  // for everyone (it is cached); see alongside/core/guard.py, submission_key.
  function randomKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (byte) {
      return (byte + 256).toString(16).slice(1);
    }).join("");
  }

  // Capturing, so the key is in place before htmx reads the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-submit-key") || form.querySelector("input[name=submit_key]")) {
      return;
    }
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "submit_key";
    input.value = randomKey();
    form.appendChild(input);
  }, true);

  // Back on a page the browser kept whole: sending its form again is a new, deliberate sending.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("input[name=submit_key]").forEach(function (input) {
      input.remove();
    });
  });
})();
