// KBB intranet: small progressive enhancements (the app works without this file).
// File inputs: say at once when too many or too large files are chosen, before uploading.
(function () {
  "use strict";
  function checkFiles(input) {
    var maxFiles = parseInt(input.dataset.maxFiles || "0", 10);
    var maxBytes = parseInt(input.dataset.maxBytes || "0", 10);
    var message = "";
    if (maxFiles && input.files.length > maxFiles) {
      message = input.dataset.msgCount || "Too many files.";
    } else if (maxBytes) {
      for (var i = 0; i < input.files.length; i++) {
        if (input.files[i].size > maxBytes) {
          message = (input.dataset.msgSize || "File too large: ") + input.files[i].name;
          break;
        }
      }
    }
    input.setCustomValidity(message);
    if (message) { input.reportValidity(); }
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.type === "file" && target.dataset.maxFiles) {
      checkFiles(target);
    }
  });
})();

// Filter forms: leave empty fields out of the request, so the URL pushed to the address bar
// (and shared or bookmarked) holds only the filters in use: /tickets/?q=imar, not ?q=imar&category=&...
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form.filters");
    if (!form || event.detail.verb !== "get" || !event.detail.formData) { return; }
    var empty = [];
    event.detail.formData.forEach(function (value, name) {
      if (value === "") { empty.push(name); }
    });
    empty.forEach(function (name) { event.detail.formData.delete(name); });
  });
})();

// Language switch: come back to the page as it is now (live filters change the address
// without reloading the page, so the address written into the form may be an old one).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("lang-switch")) { return; }
    var next = form.querySelector("input[name=next]");
    if (next) { next.value = location.pathname + location.search; }
  });
})();

// Phones: a filter form keeps its search box; the other filters fold behind a "Filtreler"
// button (open at once when one of them is in use). Without JavaScript they stay open.
(function () {
  "use strict";
  function inUse(form) {
    return Array.prototype.some.call(form.querySelectorAll("select"), function (select) {
      return select.name !== "sort" && select.value !== "";
    });
  }
  function setUp(root) {
    var forms = (root.querySelectorAll ? root : document).querySelectorAll("form.filters[data-fold-label]");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.querySelector(".filters-toggle")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary outline filters-toggle";
      button.textContent = form.dataset.foldLabel;
      var folded = !inUse(form);
      form.classList.toggle("folded", folded);
      button.setAttribute("aria-expanded", String(!folded));
      button.addEventListener("click", function () {
        var nowFolded = form.classList.toggle("folded");
        button.setAttribute("aria-expanded", String(!nowFolded));
      });
      var search = form.querySelector(".filter-wide");
      form.insertBefore(button, search ? search.nextSibling : form.firstChild);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) { setUp(event.detail.elt); });
})();
