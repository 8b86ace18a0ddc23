// Review pages: jump from a proofreading finding or a comment to its passage, and fill
// the quoted passage of a comment from a selection in the plain text.
(function () {
  "use strict";

  function jump(id) {
    var target = document.getElementById(id);
    if (!target) { return; }
    document.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    target.classList.add("current");
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }

  // In the HTML textarea, select the same occurrence of the passage (the n-th time its
  // text appears), since offsets count plain text, not markup.
  function selectInEditor(button) {
    var editor = document.getElementById("id_body");
    var box = document.getElementById("plain-text");
    var text = button.getAttribute("data-text");
    if (!editor || !box || !text) { return; }
    var start = parseInt(button.getAttribute("data-start"), 10);
    var plain = box.textContent;
    var nth = 0;
    for (var at = plain.indexOf(text); at >= 0 && at < start; at = plain.indexOf(text, at + 1)) { nth += 1; }
    // The visual editor (editor.js), if any, selects the passage in its own text.
    editor.dispatchEvent(new CustomEvent("reviews:select", { detail: { text: text, nth: nth } }));
    var found = -1;
    for (var i = 0; i <= nth; i += 1) {
      found = editor.value.indexOf(text, found + 1);
      if (found < 0) { return; }
    }
    editor.setSelectionRange(found, found + text.length);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-target]");
    if (button) {
      event.preventDefault();
      selectInEditor(button);
      jump(button.getAttribute("data-target"));
    }
  });

  // Offsets are counted in the text as shown: marks add no characters.
  document.addEventListener("mouseup", function () {
    var box = document.getElementById("plain-text");
    var quote = document.querySelector(".quote-input");
    var start = document.getElementById("id_quote_start");
    var selection = window.getSelection();
    if (!box || !quote || !selection || selection.isCollapsed || !selection.rangeCount) { return; }
    var range = selection.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) { return; }
    var before = document.createRange();
    before.selectNodeContents(box);
    before.setEnd(range.startContainer, range.startOffset);
    quote.value = range.toString();
    if (start) { start.value = String(before.toString().length); }
  });

  document.addEventListener("input", function (event) {
    // A quote typed by hand is looked up in the text by the server.
    if (event.target.classList && event.target.classList.contains("quote-input")) {
      var start = document.getElementById("id_quote_start");
      if (start) { start.value = ""; }
    }
  });
})();
