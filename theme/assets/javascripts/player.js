/*
 * Archipelago: enhancements for the episode player and the subscribe block.
 *
 * The pages work without this file: chapter and cue times are plain text, the feed address is
 * a read-only field. With it, times become buttons that seek `audio.archipelago-player`, the
 * current chapter and transcript cue are marked while it plays, and "Copy" copies the feed.
 * No dependencies, no build step; runs once per page load (Material's instant loading is off).
 */
(function () {
  "use strict";

  var CURRENT = "is-current";

  /* --- seeking ----------------------------------------------------------------------------- */

  /** Turn each `span.archipelago-seek[data-start]` into a real button with the same content. */
  function upgradeSeekers(root) {
    var spans = root.querySelectorAll("span.archipelago-seek[data-start]");
    for (var i = 0; i < spans.length; i++) {
      var span = spans[i];
      var start = parseFloat(span.getAttribute("data-start"));
      if (!isFinite(start) || start < 0) {
        continue;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = span.className;
      button.setAttribute("data-start", String(start));
      // "Play from 0:14" for screen readers; the visible text stays part of the name.
      var hint = document.createElement("span");
      hint.className = "archipelago-sr-only";
      hint.textContent = "Play from ";
      button.appendChild(hint);
      while (span.firstChild) {
        button.appendChild(span.firstChild);
      }
      span.parentNode.replaceChild(button, span);
    }
  }

  /** Items with a start (and maybe an end) in seconds, sorted by start. */
  function timedItems(root, selector, startAttr, endAttr) {
    var nodes = root.querySelectorAll(selector);
    var items = [];
    for (var i = 0; i < nodes.length; i++) {
      var start = parseFloat(nodes[i].getAttribute(startAttr));
      var end = endAttr ? parseFloat(nodes[i].getAttribute(endAttr)) : Infinity;
      if (isFinite(start)) {
        items.push({ node: nodes[i], start: start, end: isNaN(end) ? Infinity : end });
      }
    }
    items.sort(function (a, b) {
      return a.start - b.start;
    });
    return items;
  }

  /** Index of the last item starting at or before `time`, or -1. */
  function lastStartedAt(items, time) {
    var low = 0;
    var high = items.length - 1;
    var found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (items[middle].start <= time) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /** Keeps one item of a list marked as current (class and aria-current). */
  function Marker(items, onChange) {
    this.items = items;
    this.current = null;
    this.onChange = onChange;
  }

  Marker.prototype.update = function (time, needsEnd) {
    var index = lastStartedAt(this.items, time);
    var item = index >= 0 ? this.items[index] : null;
    if (item && needsEnd && time >= item.end) {
      item = null; // between two cues: nobody is speaking
    }
    if (item === this.current) {
      return;
    }
    var previous = this.current;
    if (previous) {
      previous.node.classList.remove(CURRENT);
      previous.node.removeAttribute("aria-current");
    }
    if (item) {
      item.node.classList.add(CURRENT);
      item.node.setAttribute("aria-current", "true");
    }
    this.current = item;
    if (this.onChange) {
      this.onChange(item, previous);
    }
  };

  /** Whether `node` is fully visible inside the scrolling `box`. */
  function visibleIn(box, node) {
    var boxRect = box.getBoundingClientRect();
    var rect = node.getBoundingClientRect();
    return rect.top >= boxRect.top && rect.bottom <= boxRect.bottom;
  }

  function setUpPlayer() {
    var audio = document.querySelector("audio.archipelago-player");
    if (!audio) {
      return;
    }
    var root = audio.closest("article") || document;
    upgradeSeekers(root);

    var box = root.querySelector(".archipelago-transcript__text");
    var chapters = new Marker(
      timedItems(root, ".archipelago-chapter[data-chapter-start]", "data-chapter-start", null)
    );
    var cues = new Marker(
      timedItems(root, ".archipelago-cue[data-cue-start]", "data-cue-start", "data-cue-end"),
      function (item, previous) {
        // Follow along inside the transcript box only (never scroll the page), and only while
        // the reader has not scrolled away from the cue that was current.
        if (!box || !item || audio.paused) {
          return;
        }
        if (previous && !visibleIn(box, previous.node)) {
          return;
        }
        if (!visibleIn(box, item.node)) {
          var offset = item.node.getBoundingClientRect().top - box.getBoundingClientRect().top;
          box.scrollTop += offset - box.clientHeight / 3;
        }
      }
    );

    function refresh() {
      var time = audio.currentTime || 0;
      chapters.update(time, false);
      cues.update(time, true);
    }

    /** Move the player to `seconds`, now or as soon as the file's length is known. */
    function moveTo(seconds) {
      var jump = function () {
        try {
          audio.currentTime = seconds;
        } catch (error) {
          return; // the browser refuses to seek this source: leave it where it is
        }
        refresh();
      };
      if (audio.readyState >= 1) {
        jump();
      } else {
        audio.addEventListener("loadedmetadata", jump, { once: true });
      }
    }

    function seek(seconds) {
      moveTo(seconds);
      var playing = audio.play();
      if (playing && typeof playing.catch === "function") {
        playing.catch(function () {
          /* autoplay refused or source missing: the controls still work */
        });
      }
    }

    root.addEventListener("click", function (event) {
      var target = event.target instanceof Element ? event.target.closest("[data-start]") : null;
      if (!target || !(target.tagName === "BUTTON" || target.tagName === "A")) {
        return;
      }
      var start = parseFloat(target.getAttribute("data-start"));
      if (!isFinite(start)) {
        return;
      }
      event.preventDefault();
      seek(start);
    });

    // Nothing is marked before the listener plays or seeks: "current" means "now playing".
    audio.addEventListener("timeupdate", refresh);
    audio.addEventListener("seeked", refresh);

    // A shared link at a time (`#t=1:23`, see "Copy link at current time") opens the player
    // there; playing waits for the listener, as browsers want.
    function seekToHash() {
      var seconds = timeInHash(window.location.hash);
      if (seconds !== null) {
        moveTo(seconds);
      }
    }
    seekToHash();
    window.addEventListener("hashchange", seekToHash);
  }

  /** Seconds from `#t=90`, `#t=1:30` or `#t=1:02:03`; null for any other fragment. */
  function timeInHash(hash) {
    var match = /^#t=(\d+(?::\d{1,2}){0,2})$/.exec(hash || "");
    if (!match) {
      return null;
    }
    var seconds = 0;
    var parts = match[1].split(":");
    for (var i = 0; i < parts.length; i++) {
      seconds = seconds * 60 + parseInt(parts[i], 10);
    }
    return seconds;
  }

  /** `83` → `1:23`, `3723` → `1:02:03`: the form `timeInHash` reads. */
  function clock(seconds) {
    var total = Math.floor(seconds);
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var rest = total % 60;
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    return (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(rest);
  }

  /* --- copy the feed address --------------------------------------------------------------- */

  function setUpCopyButtons() {
    var buttons = document.querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      wireCopyButton(buttons[i]);
    }
  }

  function wireCopyButton(button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!input) {
      return;
    }
    var timer = null;

    function announce(message) {
      if (!status) {
        return;
      }
      // Empty first, so saying the same words twice is announced twice.
      status.textContent = "";
      window.clearTimeout(timer);
      window.setTimeout(function () {
        status.textContent = message;
        timer = window.setTimeout(function () {
          status.textContent = "";
        }, 5000);
      }, 50);
    }

    function selectInstead() {
      input.focus();
      input.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      announce(copied ? "Copied" : "Selected: press Ctrl+C (⌘C on a Mac) to copy");
    }

    // "Copy link at current time": the page's link with the player's time (`#t=1:23`).
    var atTime = button.hasAttribute("data-copy-at-time");
    var audio = document.querySelector("audio.archipelago-player");
    if (atTime && !audio) {
      return;
    }
    var plainValue = input.value.split("#")[0];

    button.hidden = false;
    button.addEventListener("click", function () {
      var text = plainValue;
      var done = "Copied";
      if (atTime) {
        var time = clock(audio.currentTime || 0);
        text = plainValue + "#t=" + time;
        done = "Copied the link at " + time;
      }
      input.value = text; // what is copied is what the field shows, and what a fallback selects
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () {
          announce(done);
        }, selectInstead);
      } else {
        selectInstead();
      }
    });
  }

  // Buttons that open Material's search (the 404 page's): shown once they can work.
  function setUpSearchButtons() {
    var opener = document.querySelector("label[for='__search']");
    document.querySelectorAll("button[data-open-search]").forEach(function (button) {
      if (!opener) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        opener.click();
      });
    });
  }

  function start() {
    setUpPlayer();
    setUpCopyButtons();
    setUpSearchButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
