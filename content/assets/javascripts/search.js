/* Site search: the header's search box over the Pagefind index (generator/search.py).
 *
 * Progressive enhancement: the box is hidden in the HTML and shown here, so a
 * reader without JavaScript never meets a box that does nothing. Everything is
 * fetched from this site's own /pagefind/ folder; there is no server and no
 * third-party request. Result text is put in with textContent, the quoted
 * sentences (irSearchText, above) word by word with <mark> elements made here,
 * so nothing in a report can become markup here.
 */
/* What a search result quotes and what it is labelled: pure functions of a
 * Pagefind result, kept apart from the page so tests can run them in Node.
 *
 * Pagefind's own excerpt is a window of words around a match: it starts and
 * stops mid-sentence and runs on into table cells. A result here quotes the
 * whole sentence that holds a match instead (Pagefind ends every block with a
 * full stop, so a heading or a table cell is a sentence of its own), choosing
 * the first match whose sentence reads as prose: cells of figures and marks
 * ("15% 27% 20%", "Score.") and table rows run together are skipped. A match inside a box the report
 * prints (a good practice example) is labelled and linked as that box, not as
 * the heading before it: a container with an id whose title element's id
 * extends it ("b1-good-practice-1" titled by "b1-good-practice-1-title").
 */
(function (global) {
  "use strict";

  var LONGEST = 60; // words: a longer sentence is cut around its match, the cuts marked "…"
  var END = /[.!?]["'’”)]*$/;
  var WORDY = /[A-Za-zÀ-ÿ]{2,}/;
  var HEADING = /^h[1-6]$/;

  // Cells of a table or a list of facts reach Pagefind's text run together
  // ("TargetCounty DurhamEngland", "(excluding D3)84%", "score6/27"): no sentence.
  var GLUED = /[a-z]{2,}[A-Z][a-z]|\)\d|%[A-Za-z]|[a-z]{3,}\d/;

  var FIGURE = /^[^A-Za-z]*\d[^A-Za-z]*$/;
  var CAPITAL = /^[A-Z][a-z]/;

  function prose(words) {
    var wordy = words.filter(function (w) { return WORDY.test(w); }).length;
    var glued = words.some(function (w) { return GLUED.test(w); });
    // A figure then a capitalised word, twice: table cells, not a sentence
    // ("… 30.21% Caseload and workload data Average caseload 52 Qualified …").
    var cells = words.filter(function (w, i) {
      return FIGURE.test(w) && i + 1 < words.length && CAPITAL.test(words[i + 1]);
    }).length;
    // A figure and its scale's name ("72% Numerical score (per cent).") is a label.
    var least = FIGURE.test(words[0] || "") ? 5 : 4;
    return !glued && cells < 2 && wordy >= least && wordy >= words.length * 0.6;
  }

  // The first and last word of the sentence holding word `at`, not reaching back past `floor`.
  function sentence(words, at, floor) {
    var start = at, end = at;
    while (start > floor && !END.test(words[start - 1])) start -= 1;
    while (end < words.length - 1 && !END.test(words[end])) end += 1;
    return [start, end];
  }

  // {at, cut, parts: [{text, mark}]}: the sentence holding the best prose match of
  // `locations`; `cut` says which words of `content` it spans, and if it was shortened.
  function quote(content, locations, floor) {
    var words = content.split(/\s+/);
    var marked = {};
    locations.forEach(function (at) { marked[at] = true; });
    var chosen = null;
    for (var i = 0; i < locations.length && !chosen; i += 1) {
      var span = sentence(words, locations[i], floor || 0);
      if (prose(words.slice(span[0], span[1] + 1))) chosen = [span, locations[i]];
    }
    if (!chosen) return null;
    var start = chosen[0][0], end = chosen[0][1], at = chosen[1];
    var before = false, after = false;
    if (end - start + 1 > LONGEST) {
      var from = Math.max(start, at - Math.floor(LONGEST / 3));
      var to = Math.min(end, from + LONGEST - 1);
      before = from > start; after = to < end;
      start = from; end = to;
    }
    var parts = [];
    if (before) parts.push({ text: "… ", mark: false });
    for (var w = start; w <= end; w += 1) {
      var text = words[w] + (w < end ? " " : "");
      var last = parts[parts.length - 1];
      if (marked[w]) parts.push({ text: words[w], mark: true }, { text: w < end ? " " : "", mark: false });
      else if (last && !last.mark) last.text += text;
      else parts.push({ text: text, mark: false });
    }
    if (after) parts.push({ text: " …", mark: false });
    var cut = { before: before, after: after, start: start, end: end };
    return { at: at, cut: cut, parts: parts.filter(function (p) { return p.text; }) };
  }

  // The box a match sits in: {id, title} of the last titled container opened before it.
  function container(anchors, at, floor) {
    var found = null;
    (anchors || []).forEach(function (a) {
      if (HEADING.test(a.element) || !a.text || a.location > at || a.location < floor) return;
      var box = anchors.filter(function (c) {
        return c.location === a.location && c.id !== a.id && a.id.indexOf(c.id + "-") === 0;
      })[0];
      if (box) found = { id: box.id, title: a.text };
    });
    return found;
  }

  // What one section of a result shows: its label, link and quoted sentence.
  function passage(data, sub) {
    var floor = sub.anchor ? sub.anchor.location : 0;
    var ranked = (sub.weighted_locations || []).slice().sort(function (a, b) {
      return b.balanced_score - a.balanced_score || a.location - b.location;
    }).map(function (w) { return w.location; });
    var locations = ranked.length ? ranked : (sub.locations || []);
    var quoted = quote(data.content || "", locations, floor);
    var at = quoted ? quoted.at : locations[0];
    var box = at === undefined ? null : container(data.anchors, at, floor);
    var url = box ? sub.url.split("#")[0] + "#" + box.id : sub.url;
    return {
      title: box ? sub.title + ": " + box.title : sub.title,
      url: url,
      parts: quoted ? quoted.parts : null,
      cut: quoted ? quoted.cut : null
    };
  }

  global.irSearchText = { passage: passage, quote: quote, container: container };
})(typeof window !== "undefined" ? window : globalThis);

(function (global) {
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

  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, w) {
      return sum + w.balanced_score;
    }, 0);
  }

  // A quoted sentence, its matches marked; nothing where no match sits in prose.
  function quotation(parts) {
    var out = document.createElement("span");
    out.className = "ir-search__excerpt";
    (parts || []).forEach(function (part) {
      var node = part.mark ? document.createElement("mark") : document.createTextNode(part.text);
      if (part.mark) node.textContent = part.text;
      out.appendChild(node);
    });
    return out;
  }

  function sectionLink(data, sub) {
    var shown = global.irSearchText.passage(data, sub);
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = shown.url;
    var title = document.createElement("span");
    title.className = "ir-search__section";
    title.textContent = shown.title;
    a.appendChild(title);
    if (shown.parts) a.appendChild(quotation(shown.parts));
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
      var whole = global.irSearchText.passage(data, { url: data.url, title: "",
        locations: data.locations, weighted_locations: data.weighted_locations });
      if (whole.parts) li.appendChild(quotation(whole.parts));
      return li;
    }
    var sections = document.createElement("ul");
    sections.className = "ir-search__sections";
    subs.slice(0, SECTIONS).forEach(function (s) { sections.appendChild(sectionLink(data, s)); });
    li.appendChild(sections);
    if (subs.length > SECTIONS) {
      var more = document.createElement("details");
      var summary = document.createElement("summary");
      var rest = subs.length - SECTIONS;
      summary.textContent = rest + " more section" + (rest === 1 ? "" : "s") + " of this report";
      more.appendChild(summary);
      var extra = document.createElement("ul");
      extra.className = "ir-search__sections";
      subs.slice(SECTIONS).forEach(function (s) { extra.appendChild(sectionLink(data, s)); });
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
})(typeof window !== "undefined" ? window : globalThis);
