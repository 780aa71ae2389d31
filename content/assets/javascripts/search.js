/* Site search: the header's search box over the Pagefind index (generator/search.py).
 *
 * Progressive enhancement: the box is hidden in the HTML and shown here, so a
 * reader without JavaScript never meets a box that does nothing. Everything is
 * fetched from this site's own /pagefind/ folder; there is no server and no
 * third-party request. Result text is put in with textContent; Pagefind's
 * excerpts (escaped text with <mark> around matches) are rebuilt node by node,
 * so nothing in a report can become markup here.
 */
(function () {
  "use strict";

  var FILTERS = [
    ["area", "Area"],
    ["region", "Region"],
    ["year", "Year"],
    ["type", "Report type"],
    ["framework", "Framework"]
  ];
  var PAGE = 8; // reports shown before "Show more results"
  var SECTIONS = 3; // sections shown for each report before "more sections"

  var root = document.querySelector("[data-ir-search]");
  if (!root) return;
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var panel = root.querySelector(".ir-search__panel");
  var status = root.querySelector(".ir-search__status");
  var list = root.querySelector(".ir-search__results");
  var filterBox = root.querySelector("[data-ir-search-filters]");
  var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
  var siteRoot = new URL("..", bundle).pathname;
  var pagefind = null;
  var loading = null;
  var shown = PAGE;
  var lastResults = [];
  var generation = 0;

  form.hidden = false;

  function load() {
    if (!loading) {
      loading = import(bundle + "pagefind.js").then(function (module) {
        pagefind = module;
        return pagefind.options({ baseUrl: siteRoot, excerptLength: 24 });
      }).then(function () {
        // A large archive is indexed in several bundles (see generator/search.py);
        // the first lists the others, and Pagefind searches them as one.
        return fetch(bundle + "shards.json").then(function (response) {
          return response.ok ? response.json() : [];
        }, function () { return []; });
      }).then(function (shards) {
        return Promise.all(shards.map(function (shard) {
          return pagefind.mergeIndex(new URL(shard, bundle).href, { baseUrl: siteRoot });
        }));
      }).then(function () {
        pagefind.init();
        return pagefind.filters();
      }).then(buildFilters).catch(function () {
        pagefind = null;
        say("Search is not available here: the search index is built by \u201cmkdocs build\u201d.");
      });
    }
    return loading;
  }

  function say(text) {
    status.textContent = text;
  }

  function open(show) {
    panel.hidden = !show;
  }

  function buildFilters(available) {
    FILTERS.forEach(function (pair) {
      var values = Object.keys((available || {})[pair[0]] || {}).sort(function (a, b) {
        return pair[0] === "year" ? b.localeCompare(a) : a.localeCompare(b);
      });
      if (!values.length) return;
      var label = document.createElement("label");
      label.textContent = pair[1] + " ";
      var select = document.createElement("select");
      select.name = pair[0];
      var any = document.createElement("option");
      any.value = "";
      any.textContent = "Any";
      select.appendChild(any);
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      select.addEventListener("change", function () { run(); });
      label.appendChild(select);
      filterBox.appendChild(label);
    });
  }

  function chosenFilters() {
    var chosen = {};
    filterBox.querySelectorAll("select").forEach(function (select) {
      if (select.value) chosen[select.name] = select.value;
    });
    return chosen;
  }

  // Pagefind's excerpt is escaped text with <mark> elements: parse it inertly
  // and copy only text and <mark>, whatever else it might contain.
  function excerpt(html) {
    var out = document.createElement("span");
    out.className = "ir-search__excerpt";
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, w) {
      return sum + w.balanced_score;
    }, 0);
  }

  function sectionLink(sub) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = sub.url;
    var title = document.createElement("span");
    title.className = "ir-search__section";
    title.textContent = sub.title;
    a.appendChild(title);
    a.appendChild(excerpt(sub.excerpt));
    li.appendChild(a);
    return li;
  }

  function render(data) {
    var li = document.createElement("li");
    li.className = "ir-search__result";
    var title = document.createElement("a");
    title.className = "ir-search__title";
    title.href = data.url;
    title.textContent = data.meta.title || data.url;
    li.appendChild(title);
    if (data.meta.context) {
      var context = document.createElement("p");
      context.className = "ir-search__context";
      context.textContent = data.meta.context;
      li.appendChild(context);
    }
    var subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url; });
    subs.sort(function (a, b) { return score(b) - score(a); });
    if (!subs.length) {
      li.appendChild(excerpt(data.excerpt));
      return li;
    }
    var sections = document.createElement("ul");
    sections.className = "ir-search__sections";
    subs.slice(0, SECTIONS).forEach(function (s) { sections.appendChild(sectionLink(s)); });
    li.appendChild(sections);
    if (subs.length > SECTIONS) {
      var more = document.createElement("details");
      var summary = document.createElement("summary");
      var rest = subs.length - SECTIONS;
      summary.textContent = rest + " more section" + (rest === 1 ? "" : "s") + " of this report";
      more.appendChild(summary);
      var extra = document.createElement("ul");
      extra.className = "ir-search__sections";
      subs.slice(SECTIONS).forEach(function (s) { extra.appendChild(sectionLink(s)); });
      more.appendChild(extra);
      li.appendChild(more);
    }
    return li;
  }

  function show(mine) {
    var page = lastResults.slice(0, shown);
    return Promise.all(page.map(function (r) { return r.data(); })).then(function (all) {
      if (mine !== generation) return;
      list.textContent = "";
      all.forEach(function (data) { list.appendChild(render(data)); });
      var total = lastResults.length;
      say(total === 0 ? "No report matches." :
        total + (total === 1 ? " report matches" : " reports match") +
        (total > page.length ? "; showing the first " + page.length + "." : "."));
      var old = root.querySelector(".ir-search__more");
      if (old) old.remove();
      if (total > page.length) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "ir-search__more";
        button.textContent = "Show more results";
        button.addEventListener("click", function () {
          shown += PAGE;
          show(generation);
        });
        list.after(button);
      }
    });
  }

  function run() {
    var mine = ++generation;
    var term = input.value.trim();
    var filters = chosenFilters();
    open(true);
    if (!term && !Object.keys(filters).length) {
      list.textContent = "";
      lastResults = [];
      say("Type words to search every report.");
      return;
    }
    load().then(function () {
      if (!pagefind || mine !== generation) return null;
      return pagefind.debouncedSearch(term || null, { filters: filters }, 200);
    }).then(function (search) {
      if (!search || mine !== generation) return;
      lastResults = search.results;
      shown = PAGE;
      return show(mine);
    });
  }

  input.addEventListener("focus", function () { load(); });
  input.addEventListener("input", run);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      open(false);
      input.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!root.contains(event.target)) open(false);
  });
  // "/" jumps to the search box from anywhere but a form field.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
    event.preventDefault();
    input.focus();
  });
})();
