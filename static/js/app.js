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
