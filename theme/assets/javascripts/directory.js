/* Archipelago directory filters: show the filter form the page ships hidden, filter the
 * listing cards by kind, community feature and region (AND across the three), announce the
 * count, and keep the choice in the address (?kind=coworking&feature=meetups).
 * Without this script the directory page is simply the complete list. No dependencies. */
(function () {
  "use strict";

  var GROUPS = {
    kind: "kind", // data-kind: one value
    feature: "features", // data-features: space-separated values
    region: "regions", // data-regions: space-separated values
  };

  function tokens(value) {
    return (value || "").split(/\s+/).filter(Boolean);
  }

  function matches(card, chosen) {
    return Object.keys(GROUPS).every(function (name) {
      var wanted = chosen[name];
      return !wanted || tokens(card.getAttribute("data-" + GROUPS[name])).indexOf(wanted) !== -1;
    });
  }

  function init() {
    var form = document.querySelector("[data-directory-filters]");
    var list = document.querySelector("[data-directory-list]");
    // Every page loads this script: do nothing where there is no directory, or twice.
    if (!form || !list || form.hasAttribute("data-enhanced")) {
      return;
    }
    form.setAttribute("data-enhanced", "");

    var cards = Array.prototype.slice.call(list.querySelectorAll("[data-kind]"));
    var count = document.querySelector("[data-directory-count]");
    var empty = document.querySelector("[data-directory-empty]");
    var clear = form.querySelector("[data-directory-clear]");
    var selects = {};
    Object.keys(GROUPS).forEach(function (name) {
      var select = form.elements.namedItem(name);
      if (select && select.tagName === "SELECT") {
        selects[name] = select;
      }
    });

    function chosen() {
      var values = {};
      Object.keys(selects).forEach(function (name) {
        values[name] = selects[name].value;
      });
      return values;
    }

    function describe(shown, total) {
      return "Showing " + shown + " of " + total + (total === 1 ? " listing" : " listings");
    }

    function writeAddress(values) {
      if (!window.history || typeof window.history.replaceState !== "function") {
        return;
      }
      var url = new URL(window.location.href);
      Object.keys(GROUPS).forEach(function (name) {
        if (values[name]) {
          url.searchParams.set(name, values[name]);
        } else {
          url.searchParams.delete(name);
        }
      });
      try {
        // Replace, not push: choosing filters should not fill the Back button's history.
        window.history.replaceState(window.history.state, "", url.toString());
      } catch (error) {
        // file:// pages and some sandboxes refuse; the filters work all the same.
      }
    }

    function apply(remember) {
      var values = chosen();
      var shown = 0;
      cards.forEach(function (card) {
        var visible = matches(card, values);
        card.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      var text = describe(shown, cards.length);
      if (count && count.textContent !== text) {
        count.textContent = text;
      }
      if (empty) {
        empty.hidden = shown !== 0;
      }
      if (remember) {
        writeAddress(values);
      }
    }

    function restore() {
      var params = new URLSearchParams(window.location.search);
      Object.keys(selects).forEach(function (name) {
        var value = params.get(name);
        var select = selects[name];
        // Only values the page offers: a stale or mistyped link falls back to "Any".
        var known = Array.prototype.some.call(select.options, function (option) {
          return option.value === value;
        });
        select.value = known ? value : "";
      });
    }

    form.addEventListener("change", function () {
      apply(true);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply(true);
    });
    if (clear) {
      clear.addEventListener("click", function () {
        Object.keys(selects).forEach(function (name) {
          selects[name].value = "";
        });
        apply(true);
      });
    }

    restore();
    form.hidden = false;
    apply(false);
  }

  // Material's instant navigation swaps pages without reloading scripts: follow its document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
