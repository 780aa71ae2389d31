// A table wider than the screen scrolls inside its own box (Material's
// .md-typeset__scrollwrap, the report templates' .table-wrap, a chart's data).
// A box that scrolls must be reachable by keyboard, or a keyboard user cannot
// scroll it (WCAG 2.1.1, axe's scrollable-region-focusable, Material issue
// 6433), and it is named after its table so a screen reader says what it is.
// Only boxes that really scroll join the Tab order, and they leave it again
// when the window grows wide enough to show them whole; while a box scrolls,
// a line above it says so, for those who would not guess from its edge.
//
// Abbreviations: a dotted abbreviation's expansion is its title, which only
// a mouse can show; a tap (or click) writes it out after the abbreviation,
// and a second tap takes it away.
(function () {
  "use strict";
  var BOXES = ".md-typeset__scrollwrap, .table-wrap, .chart-data";

  function name(box) {
    var caption = box.querySelector("caption");
    return caption ? caption.textContent.trim() : "Table";
  }

  function scrolls(box) {
    var overflow = getComputedStyle(box).overflowX;
    return (overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth + 1;
  }

  function hint(box, wanted) {
    var before = box.previousElementSibling;
    var has = before && before.classList.contains("scroll-hint");
    if (wanted && !has) {
      var line = document.createElement("p");
      line.className = "scroll-hint";
      line.setAttribute("aria-hidden", "true");
      line.textContent = "Scroll sideways to see the whole table";
      box.parentNode.insertBefore(line, box);
    } else if (!wanted && has) {
      before.remove();
    }
  }

  function expand(event) {
    var abbr = event.target.closest ? event.target.closest("abbr[title]") : null;
    if (!abbr || abbr.closest("a, button")) return;
    var next = abbr.nextElementSibling;
    if (next && next.classList.contains("abbr-expansion")) {
      next.remove();
      return;
    }
    var out = document.createElement("span");
    out.className = "abbr-expansion";
    out.textContent = "(" + abbr.getAttribute("title") + ")";
    abbr.after(out);
  }
  document.addEventListener("click", expand);

  function update() {
    document.querySelectorAll(BOXES).forEach(function (box) {
      var ours = box.hasAttribute("data-a11y-scroll");
      if (scrolls(box)) {
        if (!ours && box.hasAttribute("tabindex")) return;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name(box));
        box.setAttribute("data-a11y-scroll", "");
        hint(box, true);
      } else if (ours) {
        ["tabindex", "role", "aria-label", "data-a11y-scroll"].forEach(function (attr) {
          box.removeAttribute(attr);
        });
        hint(box, false);
      }
    });
  }

  var pending = 0;
  function later() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(update);
  }

  // Material's document$ emits for every page, including instant navigation,
  // after Material has wrapped the tables.
  if (window.document$) {
    window.document$.subscribe(update);
  } else {
    document.addEventListener("DOMContentLoaded", update);
  }
  window.addEventListener("resize", later);
})();
