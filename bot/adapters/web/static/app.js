// Terms Watch: live search and click-to-sort on the status page. The page works without it.
(function () {
  "use strict";
  var table = document.getElementById("platforms");
  var input = document.getElementById("q");
  if (!table || !input) { return; }
  document.documentElement.className += " js";
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.querySelectorAll("tr[data-name]"));
  var meta = document.querySelector(".meta");

  function filter() {
    var needle = input.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var hit = !needle || row.getAttribute("data-search").indexOf(needle) !== -1;
      row.hidden = !hit;
      if (hit) { shown += 1; }
    });
    if (meta) { meta.textContent = shown + " of " + rows.length + " platforms shown"; }
  }

  var keys = {
    name: function (r) { return r.getAttribute("data-name"); },
    verdict: function (r) { return Number(r.getAttribute("data-verdict")); },
    changed: function (r) { return r.getAttribute("data-changed"); }
  };

  function sortBy(key, th) {
    var get = keys[key];
    var descending = key === "changed";
    rows.sort(function (a, b) {
      var x = get(a), y = get(b);
      var order = x < y ? -1 : x > y ? 1 : 0;
      if (order === 0) { order = keys.name(a) < keys.name(b) ? -1 : 1; return order; }
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var url = new URL(window.location.href);
    url.searchParams.set("sort", key);
    window.history.replaceState(null, "", url);
  }

  Array.prototype.forEach.call(table.querySelectorAll("th[data-sort] a"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var th = link.parentNode;
      sortBy(th.getAttribute("data-sort"), th);
    });
  });
  input.addEventListener("input", filter);
  var form = input.form;
  if (form) { form.addEventListener("submit", function (e) { e.preventDefault(); filter(); }); }
  filter();
})();
