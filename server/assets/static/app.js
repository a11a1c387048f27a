// cablesearch page behaviour. The pages work without this file; it adds
// keyboard shortcuts and conveniences. It never inserts HTML.
(function () {
  "use strict";
  var q = document.getElementById("q");

  // "/" focuses the search box, unless the user is typing somewhere.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || !q) return;
    var t = e.target;
    var tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    e.preventDefault();
    q.focus();
    q.select();
  });

  // Changing the order searches again. The default order stays out of
  // the URL (a disabled control is not submitted).
  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () {
      if (sort.form.requestSubmit) sort.form.requestSubmit(); else sort.form.submit();
    });
    sort.form.addEventListener("submit", function () {
      if (sort.value === "relevance") sort.disabled = true;
    });
    window.addEventListener("pageshow", function () { sort.disabled = false; });
  }

  // "← Search" on a cable page goes back to the results it came from.
  var back = document.getElementById("back");
  if (back && document.referrer) {
    try {
      var ref = new URL(document.referrer);
      if (ref.origin === location.origin && ref.pathname === "/" && history.length > 1) {
        back.href = ref.pathname + ref.search;
        back.addEventListener("click", function (e) {
          e.preventDefault();
          history.back();
        });
      }
    } catch (err) { /* no usable referrer */ }
  }
})();
