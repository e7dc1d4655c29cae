/* okrbook: the colour theme toggle. An inline script in <head> applies the
   remembered choice before the first paint; this one adds the button that
   cycles through auto (the system's preference), light and dark. */
(function () {
  "use strict";
  var KEY = "okrbook-theme";
  var root = document.documentElement;
  var button = document.getElementById("theme-toggle");
  var MODES = ["auto", "light", "dark"];
  var NAMES = { auto: "auto", light: "light", dark: "dark" };
  var ICONS = { auto: "\u25D0", light: "\u2600", dark: "\u263E" };

  function stored() {
    try {
      var value = localStorage.getItem(KEY);
      return value === "light" || value === "dark" ? value : "auto";
    } catch (e) {
      return "auto";
    }
  }

  function remember(mode) {
    try {
      if (mode === "auto") {
        localStorage.removeItem(KEY);
      } else {
        localStorage.setItem(KEY, mode);
      }
    } catch (e) {
      /* Storage may be switched off; the choice then lasts for this page. */
    }
  }

  function apply(mode) {
    if (mode === "auto") {
      root.removeAttribute("data-theme");
    } else {
      root.setAttribute("data-theme", mode);
    }
    if (!button) {
      return;
    }
    var next = MODES[(MODES.indexOf(mode) + 1) % MODES.length];
    button.querySelector(".theme-icon").textContent = ICONS[mode];
    button.querySelector(".theme-label").textContent = "Theme: " + NAMES[mode];
    button.setAttribute(
      "title",
      (mode === "auto" ? "Colours follow your system's setting" : "Colours: " + NAMES[mode]) +
        ". Press to switch to " + NAMES[next] + "."
    );
  }

  var current = stored();
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      current = MODES[(MODES.indexOf(current) + 1) % MODES.length];
      remember(current);
      apply(current);
    });
  }
  apply(current);

  /* Another tab changed the theme. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) {
      current = stored();
      apply(current);
    }
  });
})();

/* okrbook: key results in the authors' order, or by priority. Without
   script the page keeps the authors' order and the control stays hidden. */
(function () {
  "use strict";
  var control = document.querySelector(".kr-sort");
  var list = document.querySelector(".kr-list");
  if (!control || !list) {
    return;
  }
  var buttons = control.querySelectorAll("button[data-sort]");
  function rank(section, key) {
    var value = section.getAttribute("data-" + key);
    return value === null ? Infinity : Number(value);
  }
  function sort(by) {
    var sections = Array.prototype.slice.call(list.querySelectorAll(":scope > section.kr"));
    sections.sort(function (a, b) {
      var first = by === "priority" ? rank(a, "priority") - rank(b, "priority") : 0;
      return first || rank(a, "written") - rank(b, "written");
    });
    sections.forEach(function (section) {
      list.appendChild(section);
    });
    Array.prototype.forEach.call(buttons, function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-sort") === by));
    });
  }
  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      sort(button.getAttribute("data-sort"));
    });
  });
  control.hidden = false;
})();
