// Visual editor for a draft body (Quill 2, served from node_modules under vendor/).
// The textarea #id_body stays the form field and what the server receives: the editor
// is loaded from it, writes its HTML back on every change and fires the textarea's
// "input" event, so the htmx live preview and proofreading keep working. The server
// sanitiser (huiying/reviews/sanitise.py) still decides what is stored.
(function () {
  "use strict";

  // Texts go through Django's JavaScript catalogue (reviews:jsi18n), loaded before this
  // file; without it they stay Chinese.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (fmt, args) {
    return fmt.replace("%s", args[0]);
  };

  var LABELS = {
    "header-2": gettext("二级标题"), "header-3": gettext("三级标题"), bold: gettext("加粗"), italic: gettext("倾斜"),
    underline: gettext("下划线"), "list-ordered": gettext("编号列表"), "list-bullet": gettext("项目符号列表"),
    link: gettext("插入链接"), image: gettext("插入图片"), blockquote: gettext("引用"), clean: gettext("清除格式")
  };
  var IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"];
  var MAX_IMAGE_BYTES = 2 * 1024 * 1024;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  // Quill keeps every list as <ol> with data-list on each item and adds UI markers;
  // the stored body uses plain <ul>/<ol>, so consecutive items of one kind are regrouped.
  function serialise(quill) {
    if (quill.getLength() <= 1) { return ""; }
    var copy = quill.root.cloneNode(true);
    // UI markers and the caret placeholder Quill keeps while a format is toggled on.
    copy.querySelectorAll(".ql-ui, .ql-cursor").forEach(function (n) { n.remove(); });
    copy.querySelectorAll("strong, em, u").forEach(function (n) {
      if (!n.textContent.replace(/\uFEFF/g, "") && !n.querySelector("img")) { n.remove(); }
    });
    copy.querySelectorAll("ol").forEach(function (list) {
      var kind = null;
      var current = null;
      Array.prototype.slice.call(list.children).forEach(function (item) {
        var wanted = item.getAttribute("data-list") === "ordered" ? "ol" : "ul";
        if (wanted !== kind) {
          current = document.createElement(wanted);
          list.parentNode.insertBefore(current, list);
          kind = wanted;
        }
        item.removeAttribute("data-list");
        current.appendChild(item);
      });
      list.remove();
    });
    copy.querySelectorAll("[class], [contenteditable], a[target]").forEach(function (n) {
      n.removeAttribute("class");
      n.removeAttribute("contenteditable");
      n.removeAttribute("target");
    });
    return copy.innerHTML;
  }

  var STYLE_ATTRIBUTE = /\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
  function withoutStyles(html) {
    return html.replace(/<[a-zA-Z][^<>]*>/g, function (tag) { return tag.replace(STYLE_ATTRIBUTE, ""); })
      .replace(/<style[\s>][\s\S]*?<\/style>/gi, "");
  }

  function init(textarea) {
    var maxLength = parseInt(textarea.getAttribute("data-max-length"), 10) || Infinity;
    var holder = el("div", { "class": "body-editor" });
    var notice = el("p", { "class": "editor-notice", hidden: "" });
    var mount = el("div", { "class": "body-editor-area" });
    var source = el("details", { "class": "html-source" });
    source.appendChild(el("summary", {}, gettext("HTML 源码")));
    textarea.parentNode.insertBefore(holder, textarea);
    holder.appendChild(notice);
    holder.appendChild(mount);
    holder.parentNode.insertBefore(source, holder.nextSibling);
    source.appendChild(textarea);

    var quill = new window.Quill(mount, {
      theme: "snow",
      formats: ["header", "bold", "italic", "underline", "list", "link", "image", "blockquote"],
      modules: {
        toolbar: [
          [{ header: 2 }, { header: 3 }],
          ["bold", "italic", "underline"],
          [{ list: "ordered" }, { list: "bullet" }],
          ["link", "image", "blockquote"],
          ["clean"]
        ]
      }
    });
    quill.root.setAttribute("aria-label", gettext("正文"));
    // Quill parses pasted or loaded HTML with DOMParser, which applies the page CSP: the
    // style attributes Word writes would each log a violation (and are dropped anyway).
    var convertHTML = quill.clipboard.convertHTML.bind(quill.clipboard);
    quill.clipboard.convertHTML = function (html) { return convertHTML(withoutStyles(html)); };
    var toolbar = quill.getModule("toolbar");
    toolbar.container.querySelectorAll("button").forEach(function (button) {
      var name = button.className.replace(/^ql-/, "");
      var value = button.getAttribute("value");
      var label = LABELS[value ? name + "-" + value : name];
      if (label) {
        button.setAttribute("title", label);
        button.setAttribute("aria-label", label);
      }
    });
    quill.theme.tooltip.textbox.setAttribute("data-link", "https://");

    var syncing = false;
    function writeBack() {
      textarea.value = serialise(quill);
      syncing = true;
      try {
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      } finally {
        syncing = false;
      }
    }

    // Tables and other structures Quill cannot edit would be flattened: such bodies are
    // edited in the HTML source only.
    function load() {
      var html = textarea.value;
      var table = /<table[\s>]/i.test(html);
      quill.setContents(quill.clipboard.convert({ html: html, text: "" }), "silent");
      quill.enable(!table);
      notice.hidden = !table;
      notice.textContent = table ? gettext("正文含表格，可视化编辑会破坏表格，请在下方“HTML 源码”中修改。") : "";
      if (table) { source.open = true; }
    }

    load();
    quill.on("text-change", function (delta, old, origin) {
      if (origin !== "silent") { writeBack(); }
    });
    textarea.addEventListener("input", function () {
      if (!syncing) { load(); }
    });

    var panel = imagePanel(quill, function (src) {
      var total = textarea.value.length + src.length;
      return total <= maxLength ? "" :
        interpolate(gettext("图片过大：正文连同图片不能超过 %s 千字符，请先压缩图片。"), [Math.floor(maxLength / 1000)]);
    });
    holder.insertBefore(panel.node, mount);
    toolbar.addHandler("image", panel.open);

    // One-click jump from a finding (reviews.js): select the passage in the editor too.
    textarea.addEventListener("reviews:select", function (event) {
      var text = event.detail.text;
      var plain = quill.getText();
      var found = -1;
      for (var i = 0; i <= event.detail.nth; i += 1) {
        found = plain.indexOf(text, found + 1);
        if (found < 0) { return; }
      }
      quill.setSelection(found, text.length, "silent");
      var bounds = quill.getBounds(found, text.length);
      if (bounds) { quill.root.scrollTop += bounds.top - quill.root.clientHeight / 2; }
    });
  }

  // Insert an image by a site address (the server keeps only relative or inline images)
  // or from a local file read as a data: URL.
  function imagePanel(quill, tooBig) {
    var node = el("div", { "class": "editor-image-panel", hidden: "" });
    var url = el("input", { type: "text", "class": "image-url", placeholder: gettext("/media/图片.png"),
      "aria-label": gettext("本站图片地址") });
    var insertUrl = el("button", { type: "button", "class": "image-insert-url" }, gettext("插入地址"));
    var file = el("input", { type: "file", "class": "image-file", accept: IMAGE_TYPES.join(","),
      "aria-label": gettext("选择图片文件") });
    var cancel = el("button", { type: "button", "class": "image-cancel" }, gettext("取消"));
    var message = el("p", { "class": "image-message", role: "alert" });
    var row1 = el("div", { "class": "image-row" });
    row1.appendChild(el("span", {}, gettext("本站图片地址：")));
    row1.appendChild(url);
    row1.appendChild(insertUrl);
    var row2 = el("div", { "class": "image-row" });
    row2.appendChild(el("span", {}, gettext("或选择图片文件（PNG/JPEG/GIF/WebP，不超过 2 MB）：")));
    row2.appendChild(file);
    row2.appendChild(cancel);
    node.appendChild(row1);
    node.appendChild(row2);
    node.appendChild(message);
    var at = 0;

    function close() {
      node.hidden = true;
      url.value = "";
      file.value = "";
      message.textContent = "";
    }
    function insert(src) {
      var problem = tooBig(src);
      if (problem) { message.textContent = problem; return; }
      quill.insertEmbed(at, "image", src, "user");
      quill.setSelection(at + 1, 0, "silent");
      close();
    }
    insertUrl.addEventListener("click", function () {
      var value = url.value.trim();
      // Mirrors the sanitiser: images from other sites are removed on save.
      if (!/^\/(?!\/)/.test(value)) {
        message.textContent = gettext("只能插入本站图片地址（以 / 开头）；其他网站的图片请先下载，再选择文件插入。");
        return;
      }
      insert(value);
    });
    file.addEventListener("change", function () {
      var chosen = file.files && file.files[0];
      if (!chosen) { return; }
      if (IMAGE_TYPES.indexOf(chosen.type) < 0) { message.textContent = gettext("只支持 PNG、JPEG、GIF、WebP 图片。"); return; }
      if (chosen.size > MAX_IMAGE_BYTES) { message.textContent = gettext("图片超过 2 MB，请先压缩。"); return; }
      var reader = new FileReader();
      reader.addEventListener("load", function () { insert(String(reader.result)); });
      reader.addEventListener("error", function () { message.textContent = gettext("无法读取该文件。"); });
      reader.readAsDataURL(chosen);
    });
    cancel.addEventListener("click", close);
    return {
      node: node,
      open: function () {
        var range = quill.getSelection(true);
        at = range ? range.index : quill.getLength() - 1;
        node.hidden = false;
        url.focus();
      }
    };
  }

  var textarea = document.getElementById("id_body");
  if (textarea && textarea.classList.contains("draft-body") && window.Quill) { init(textarea); }
})();
