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

// The Share block (discovery/includes/share.html): a "Copy link" button, and the device's share
// sheet where the browser has one. Without JavaScript the address stays in its read-only field.
// Here rather than in a file of its own: a video page is allowed six requests (decision 0020).
(function () {
  "use strict";
  var block = document.querySelector("[data-share]");
  if (!block) return;
  var field = block.querySelector("[data-share-url]");
  var buttons = block.querySelector("[data-share-buttons]");
  var status = block.querySelector("[data-share-status]");

  function say(message) {
    // Emptied first, so the same message said twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function addButton(label, onClick) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = label;
    button.addEventListener("click", onClick);
    buttons.appendChild(button);
    return button;
  }

  function copyBySelecting() {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  addButton("Copy link", function () {
    var copied = function () { say("Link copied. Paste it anywhere you like."); };
    var selectIt = function () {
      if (copyBySelecting()) copied();
      else say("The link is selected: copy it with your keyboard or menu.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(copied, selectIt);
    } else {
      selectIt();
    }
  });

  if (navigator.share) {
    addButton("Share…", function () {
      navigator.share({
        title: block.dataset.shareTitle,
        text: block.dataset.shareText,
        url: field.value
      }).catch(function () { /* closed without sharing: nothing to say */ });
    });
  }
})();
