// Progressive enhancement for the tool pages (/tools/{slug}). Without this
// file every tool works as a plain form post answered with the page and the
// result in it. With it, each result field gets a "Salin" button that copies
// it, and the QR code a link that saves it as an SVG file.
(function () {
  "use strict";
  var result = document.querySelector("[data-tool-result]");
  if (!result) return;

  result.querySelectorAll("input[readonly], textarea[readonly]").forEach(function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn-ghost mt-2";
    button.textContent = "Salin";
    button.addEventListener("click", function () {
      var done = function () {
        button.textContent = "Tersalin";
        setTimeout(function () { button.textContent = "Salin"; }, 2000);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          field.select();
        });
      } else {
        field.select();
      }
    });
    field.insertAdjacentElement("afterend", button);
  });

  var svg = result.querySelector("svg");
  if (svg && window.Blob && window.URL) {
    var blob = new Blob([new XMLSerializer().serializeToString(svg)], { type: "image/svg+xml" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "qr-whatsapp.svg";
    link.className = "btn-ghost mt-2";
    link.textContent = "Unduh kode QR (SVG)";
    svg.parentNode.insertAdjacentElement("afterend", link);
  }
})();
