// Click-to-play: the provider's player (and its requests) load only when the viewer asks.
// Without this script the link opens the video on the provider's site.
(function () {
  "use strict";
  document.querySelectorAll("a[data-embed-src]").forEach(function (link) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    while (link.firstChild) button.appendChild(link.firstChild);
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = link.dataset.embedSrc;
      frame.title = link.dataset.embedTitle;
      frame.className = "player__frame";
      frame.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
      frame.allowFullscreen = true;
      button.replaceWith(frame);
      frame.focus();
    }, { once: true });
    link.replaceWith(button);
  });
})();
