/* okrbook: search in the page header.

   The index (search-index.js at the site's root, written by `okrbook build`)
   is a script that sets window.OKRBOOK_SEARCH; it is loaded with a <script>
   element the first time the search box is used, which works from a web
   server and from a folder opened with file://, where fetch is refused.
   Its format is described in src/render/search.rs.

   The box is an <input type="text" role="combobox"> (type="search" may not
   carry that role) that controls the listbox #search-results: aria-expanded
   says whether the list is shown, aria-activedescendant which option is
   chosen while the focus stays in the box.

   Keys: "/" or "s" anywhere outside a text field focuses the box; the arrow
   keys move through the results, Enter opens one, Escape closes the list. */
(function () {
  "use strict";
  var box = document.querySelector(".search[data-index]");
  if (!box) {
    return;
  }
  var input = box.querySelector(".search-input");
  var panel = box.querySelector(".search-panel");
  var list = box.querySelector(".search-results");
  var message = box.querySelector(".search-message");
  var status = box.querySelector(".search-status");
  if (!input || !panel || !list || !message || !status) {
    return;
  }
  var root = document.documentElement.getAttribute("data-root") || "";
  var MAX_SHOWN = 12;
  var KINDS = { o: "Objective", k: "Key result", t: "Team", p: "Person", g: "Guide" };
  var STATUSES = {
    "on-track": "On track",
    "at-risk": "At risk",
    "off-track": "Off track",
    "final": "Final",
    "not-started": "Not started",
    "no-data": "No results yet"
  };

  var state = "idle"; /* idle, loading, ready or failed */
  var index = null;
  var prepared = [];
  var results = [];
  var active = -1;
  var announceTimer = 0;

  var separators;
  try {
    separators = new RegExp("[^\\p{L}\\p{N}]+", "gu");
  } catch (e) {
    separators = /[^a-z0-9\u00c0-\uffff]+/g;
  }

  /* Lower case, without accents, punctuation as spaces, with a space at both
     ends so that " term" finds the start of a word. */
  function normalize(text) {
    var value = String(text || "").toLowerCase();
    if (value.normalize) {
      value = value.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    return " " + value.replace(separators, " ").replace(/\s+/g, " ").trim() + " ";
  }

  function label(list, position) {
    return typeof position === "number" && list && list[position] !== undefined ? list[position] : "";
  }

  function ready() {
    index = window.OKRBOOK_SEARCH;
    if (!index || !index.docs) {
      failed();
      return;
    }
    state = "ready";
    prepared = index.docs.map(function (doc) {
      var team = doc[0] === "t" ? "" : label(index.teams, doc[4]);
      return {
        title: normalize(doc[1]),
        who: normalize([doc[6] || "", team, label(index.periods, doc[3])].join(" ")),
        text: normalize(doc[8])
      };
    });
    update();
  }

  function failed() {
    state = "failed";
    update();
  }

  function load() {
    if (state !== "idle") {
      return;
    }
    if (window.OKRBOOK_SEARCH) {
      ready();
      return;
    }
    state = "loading";
    var script = document.createElement("script");
    script.src = box.getAttribute("data-index");
    script.async = true;
    script.onload = function () {
      if (window.OKRBOOK_SEARCH) {
        ready();
      } else {
        failed();
      }
    };
    script.onerror = failed;
    document.head.appendChild(script);
  }

  /* How well one term matches an entry: 0 when it does not. */
  function termScore(term, entry) {
    if (entry.title.indexOf(" " + term) >= 0) {
      return 10;
    }
    if (entry.title.indexOf(term) >= 0) {
      return 6;
    }
    if (entry.who.indexOf(" " + term) >= 0) {
      return 4;
    }
    if (entry.who.indexOf(term) >= 0) {
      return 3;
    }
    if (entry.text.indexOf(" " + term) >= 0) {
      return 2;
    }
    if (entry.text.indexOf(term) >= 0) {
      return 1;
    }
    return 0;
  }

  function search(query) {
    var phrase = normalize(query);
    var terms = phrase.trim().split(" ").filter(function (t) {
      return t.length > 0;
    });
    if (!terms.length) {
      return [];
    }
    var found = [];
    for (var i = 0; i < prepared.length; i++) {
      var entry = prepared[i];
      var total = 0;
      for (var j = 0; j < terms.length; j++) {
        var score = termScore(terms[j], entry);
        if (!score) {
          total = 0;
          break;
        }
        total += score;
      }
      if (total) {
        if (terms.length > 1 && entry.title.indexOf(phrase.trim()) >= 0) {
          total += 5;
        }
        if (entry.title === phrase) {
          total += 5;
        }
        found.push({ position: i, score: total });
      }
    }
    found.sort(function (a, b) {
      return b.score - a.score || a.position - b.position;
    });
    return found;
  }

  function href(doc) {
    var url = doc[2] || "";
    if (url.charAt(0) === "#" && typeof doc[7] === "number" && index.docs[doc[7]]) {
      url = index.docs[doc[7]][2] + url;
    }
    return root + url;
  }

  function band(score) {
    return score < 0.4 ? "red" : score < 0.7 ? "yellow" : "green";
  }

  // The status model (docs/format.md, Scoring), as the pages apply it: by
  // pace while the period runs, by grade band when final; a result without
  // a status (a key result) stays neutral rather than guess.
  var TONES = { "on-track": "good", "at-risk": "warn", "off-track": "bad" };
  var BAND_TONES = { green: "good", yellow: "warn", red: "bad" };
  function tone(status, score) {
    if (TONES[status]) return TONES[status];
    if (status === "final" && typeof score === "number") return BAND_TONES[band(score)];
    return "neutral";
  }

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function option(doc, position) {
    var item = document.createElement("li");
    item.id = "search-option-" + position;
    item.className = "search-option kind-" + doc[0];
    item.setAttribute("role", "option");
    item.setAttribute("aria-selected", "false");
    var head = document.createElement("span");
    head.className = "search-head";
    head.appendChild(span("search-kind", KINDS[doc[0]] || ""));
    head.appendChild(span("search-title", doc[1] || ""));
    item.appendChild(head);

    var meta = [];
    if (doc[0] === "o" || doc[0] === "k") {
      meta.push(label(index.periods, doc[3]));
      meta.push(label(index.teams, doc[4]) || (doc[6] ? doc[6] : ""));
      if (doc[0] === "k" && typeof doc[7] === "number" && index.docs[doc[7]]) {
        meta.push("in \u201c" + index.docs[doc[7]][1] + "\u201d");
      }
    } else if (doc[0] === "t") {
      if (doc[6]) {
        meta.push("led by " + doc[6]);
      }
      if (typeof doc[4] === "number") {
        meta.push("part of " + label(index.teams, doc[4]));
      }
    } else if (doc[8]) {
      var excerpt = String(doc[8]);
      meta.push(excerpt.length > 90 ? excerpt.slice(0, 90).trim() + "\u2026" : excerpt);
    }
    var line = document.createElement("span");
    line.className = "search-meta";
    line.appendChild(
      document.createTextNode(
        meta
          .filter(function (m) {
            return m;
          })
          .join(" \u00b7 ")
      )
    );
    if (typeof doc[5] === "number") {
      var score = span("score band-" + band(doc[5]) + " tone-" + tone(doc[9], doc[5]), "");
      score.appendChild(span("visually-hidden", "Score "));
      score.appendChild(document.createTextNode(doc[5].toFixed(2)));
      line.appendChild(document.createTextNode(" "));
      line.appendChild(score);
    }
    if (doc[9]) {
      line.appendChild(document.createTextNode(" "));
      var badge = span("status status-" + doc[9] + " tone-" + tone(doc[9], doc[5]), STATUSES[doc[9]] || doc[9]);
      badge.setAttribute("data-tone", tone(doc[9], doc[5]));
      line.appendChild(badge);
    }
    item.appendChild(line);
    item.addEventListener("click", function (event) {
      open(position, event.ctrlKey || event.metaKey || event.shiftKey);
    });
    return item;
  }

  function announce(text) {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () {
      status.textContent = text;
    }, 400);
  }

  function show(open) {
    panel.hidden = !open;
    input.setAttribute("aria-expanded", open && results.length ? "true" : "false");
  }

  function update() {
    var query = input.value.trim();
    list.textContent = "";
    results = [];
    setActive(-1);
    if (!query) {
      message.textContent = "";
      status.textContent = "";
      show(false);
      return;
    }
    if (state !== "ready") {
      load();
      var text =
        state === "failed"
          ? "Search is not available: the index could not be loaded."
          : "Loading the search index\u2026";
      message.textContent = text;
      announce(text);
      show(true);
      return;
    }
    var found = search(query);
    results = found.slice(0, MAX_SHOWN).map(function (f) {
      return f.position;
    });
    var fragment = document.createDocumentFragment();
    results.forEach(function (position, n) {
      fragment.appendChild(option(index.docs[position], n));
    });
    list.appendChild(fragment);
    list.hidden = !results.length;
    var summary;
    if (!found.length) {
      summary = "No results for \u201c" + query + "\u201d.";
    } else if (found.length > results.length) {
      summary = found.length + " results; the first " + results.length + " are shown.";
    } else {
      summary = found.length === 1 ? "1 result." : found.length + " results.";
    }
    message.textContent = summary;
    announce(summary);
    show(true);
  }

  function setActive(n) {
    var options = list.children;
    if (active >= 0 && options[active]) {
      options[active].setAttribute("aria-selected", "false");
    }
    active = n;
    if (active >= 0 && options[active]) {
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
      if (options[active].scrollIntoView) {
        options[active].scrollIntoView({ block: "nearest" });
      }
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function open(n, newTab) {
    var position = results[n];
    if (position === undefined) {
      return;
    }
    var target = href(index.docs[position]);
    show(false);
    if (newTab) {
      window.open(target);
    } else {
      window.location.href = target;
    }
  }

  box.hidden = false;
  input.addEventListener("focus", function () {
    load();
    if (input.value.trim()) {
      update();
    }
  });
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (event) {
    var count = results.length;
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        event.preventDefault();
        if (panel.hidden) {
          update();
        }
        if (count) {
          setActive(active + 1 >= count ? 0 : active + 1);
        }
        break;
      case "ArrowUp":
      case "Up":
        event.preventDefault();
        if (count) {
          setActive(active <= 0 ? count - 1 : active - 1);
        }
        break;
      case "Enter":
        if (count && !panel.hidden) {
          event.preventDefault();
          open(active >= 0 ? active : 0, event.ctrlKey || event.metaKey || event.shiftKey);
        }
        break;
      case "Escape":
      case "Esc":
        event.preventDefault();
        if (!panel.hidden) {
          setActive(-1);
          show(false);
        } else if (input.value) {
          input.value = "";
          update();
        } else {
          input.blur();
        }
        break;
      default:
        break;
    }
  });
  /* Keep the focus in the box while a result is clicked. */
  panel.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
  box.addEventListener("focusout", function (event) {
    if (!event.relatedTarget || !box.contains(event.relatedTarget)) {
      setActive(-1);
      show(false);
    }
  });

  function typing(target) {
    if (!target || target === document.body) {
      return false;
    }
    var tag = target.tagName;
    return (
      tag === "INPUT" ||
      tag === "TEXTAREA" ||
      tag === "SELECT" ||
      target.isContentEditable
    );
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if ((event.key === "/" || event.key === "s") && !typing(event.target)) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
})();
