// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // htmx does not swap error responses: say so where messages appear, in the page's
  // language (the <html lang> set by the server).
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("messages");
    if (!box) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var english = document.documentElement.lang === "en";
    var text;
    if (status === 403) {
      text = english ? "You do not have permission for this action." : "您没有执行此操作的权限。";
    } else {
      text = english ? "The request failed (" + status + "). Please reload the page." : "操作失败（" + status + "），请刷新页面后重试。";
    }
    var p = document.createElement("p");
    p.className = "msg msg-error";
    p.textContent = text;
    box.replaceChildren(p);
  });

  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("messages");
    if (!box) return;
    var p = document.createElement("p");
    p.className = "msg msg-error";
    p.textContent = document.documentElement.lang === "en" ? "Cannot reach the server." : "无法连接服务器。";
    box.replaceChildren(p);
  });
})();
