// The Share block (discovery/includes/share.html): a "Copy link" button, and the device's share
// sheet where the browser has one. Without JavaScript the address stays in its read-only field.
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
