/* Filters and sorting for the report finder and the good-practice library.
 *
 * Progressive enhancement: each page is a complete list without JavaScript;
 * this reveals its filter form (hidden in the HTML) and hides the entries that
 * do not match. Entries carry their values as data attributes:
 *   <select data-filter="area">         shows entries whose data-area equals its value;
 *   <input data-filter-min="percent">   shows entries whose data-percent is at least its value;
 *   <select data-sort="percent:desc">   orders entries by the data attribute named before the
 *                                       colon (data-percent, data-points, data-year, data-area,
 *                                       data-rank); entries without it go last, so a percentage
 *                                       and a points total are each sorted only among their kind.
 * One pass over the entries per change: the work grows with the list, no faster.
 *
 * The form's state is the page's query string (?area=Gwent&sort=year:asc, a
 * minimum as min-percent=60), so a filtered list can be bookmarked and shared,
 * and coming back to it (the back button) shows it as it was left. The URL is
 * replaced, not pushed: each change of a filter is not a page of history.
 */
(function () {
  "use strict";

  function compare(key, direction) {
    var sign = direction === "desc" ? -1 : 1;
    return function (a, b) {
      var x = a.dataset[key], y = b.dataset[key];
      var position = Number(a.dataset.position) - Number(b.dataset.position);
      var noX = x === undefined || x === "", noY = y === undefined || y === "";
      if (noX || noY) return noX && noY ? position : noX ? 1 : -1;
      var nx = Number(x), ny = Number(y);
      var order = isNaN(nx) || isNaN(ny) ? x.localeCompare(y) : nx - ny;
      return sign * order || position;
    };
  }

  function enhance(form) {
    var list = document.getElementById(form.getAttribute("data-explore-filters"));
    if (!list) return;
    var body = list.tBodies && list.tBodies.length ? list.tBodies[0] : list;
    var entries = Array.prototype.slice.call(body.children);
    entries.forEach(function (entry, i) { entry.dataset.position = String(i); });
    var selects = form.querySelectorAll("[data-filter]");
    var minimums = form.querySelectorAll("[data-filter-min]");
    var sorter = form.querySelector("[data-sort]");
    var count = form.querySelector("[data-explore-count]");
    var noun = list.getAttribute("data-noun"), nouns = list.getAttribute("data-nouns");

    function fields() {
      var all = [];
      selects.forEach(function (s) { all.push([s.getAttribute("data-filter"), s]); });
      minimums.forEach(function (m) { all.push(["min-" + m.getAttribute("data-filter-min"), m]); });
      if (sorter) all.push(["sort", sorter]);
      return all;
    }

    function restore() {
      var query = new URLSearchParams(window.location.search);
      fields().forEach(function (pair) {
        var value = query.get(pair[0]);
        if (value === null) return;
        var field = pair[1];
        // Only a value the form offers: a shared link cannot inject another.
        if (field.tagName === "SELECT") {
          var known = Array.prototype.some.call(field.options, function (o) { return o.value === value; });
          if (known) field.value = value;
        } else if (value !== "" && !isNaN(Number(value))) {
          field.value = value;
        }
      });
    }

    function remember() {
      var query = new URLSearchParams(window.location.search);
      fields().forEach(function (pair) {
        var field = pair[1];
        var fallback = field === sorter ? field.options[0].value : "";
        if (field.value === "" || field.value === fallback) query.delete(pair[0]);
        else query.set(pair[0], field.value);
      });
      var search = query.toString();
      var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", url);
      }
    }

    function update() {
      var wanted = [];
      selects.forEach(function (s) {
        if (s.value) wanted.push([s.getAttribute("data-filter"), s.value]);
      });
      var floors = [];
      minimums.forEach(function (m) {
        if (m.value !== "" && !isNaN(Number(m.value))) {
          floors.push([m.getAttribute("data-filter-min"), Number(m.value)]);
        }
      });
      var shown = 0;
      entries.forEach(function (entry) {
        var ok = wanted.every(function (w) { return entry.dataset[w[0]] === w[1]; }) &&
          floors.every(function (f) {
            var v = entry.dataset[f[0]];
            return v !== undefined && v !== "" && Number(v) >= f[1];
          });
        entry.hidden = !ok;
        if (ok) shown += 1;
      });
      if (sorter) {
        var parts = sorter.value.split(":");
        var sorted = entries.slice().sort(compare(parts[0], parts[1]));
        var fragment = document.createDocumentFragment();
        sorted.forEach(function (entry) { fragment.appendChild(entry); });
        body.appendChild(fragment);
      }
      count.textContent = "Showing " + shown + " of " + entries.length + " " +
        (entries.length === 1 ? noun : nouns) + ".";
      remember();
    }

    form.addEventListener("change", update);
    form.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    form.hidden = false;
    restore();
    update();
    // A page kept in the back-forward cache comes back as it was; one loaded
    // again reads its state from the URL above.
    window.addEventListener("pageshow", function (event) { if (event.persisted) update(); });
  }

  document.querySelectorAll("form[data-explore-filters]").forEach(enhance);
})();
