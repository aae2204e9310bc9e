// After htmx swaps a form's answer in, move focus to its message (thank-you or errors) so
// keyboard and screen-reader users hear it; without JavaScript the page simply reloads.
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterSettle", function () {
    var message = document.querySelector("[data-focus]");
    if (message) message.focus();
  });
})();
