/* A report's "Copy citation" button: shown only where the browser can copy,
 * it copies the citation's text and says so in a status line that screen
 * readers announce. Without scripts the citation is plain text to select.
 */
(function () {
  "use strict";

  function enhance(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.querySelector('[data-copy-status="' + button.getAttribute("data-copy") + '"]');
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.replace(/\s+/g, " ").trim();
      navigator.clipboard.writeText(text).then(function () {
        if (status) status.textContent = "Citation copied.";
      }, function () {
        if (status) status.textContent = "Could not copy: select the citation and copy it instead.";
      });
    });
  }

  function start() {
    document.querySelectorAll("button[data-copy]").forEach(enhance);
  }

  if (window.document$) {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
