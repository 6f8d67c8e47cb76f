// Progressive enhancement for the public forms (contact, waitlist).
// Without this file the forms post as plain HTML and the server answers with
// the page again (errors) or a redirect (success). With it, fields are checked
// as the visitor leaves them, and the post goes over fetch with
// `Accept: application/json`, so errors and success appear without a reload.
// The server validates again either way; these checks are only a courtesy.
(function () {
  "use strict";
  var MSG = {
    required: function (label) { return label + " wajib diisi."; },
    email: "Alamat email tidak valid.",
    tooShort: function (label, n) { return label + " minimal " + n + " karakter."; },
    tooLong: function (label, n) { return label + " maksimal " + n + " karakter."; },
    network: "Tidak dapat menghubungi server. Periksa koneksimu lalu coba lagi."
  };

  function labelOf(input) {
    var label = input.form.querySelector('label[for="' + input.id + '"]');
    return label ? label.firstChild.textContent.trim() : input.name;
  }

  function check(input) {
    var v = input.value.trim();
    var label = labelOf(input);
    if (input.required && !v) return MSG.required(label);
    if (!v) return "";
    if (input.type === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return MSG.email;
    var min = +input.getAttribute("minlength");
    var max = +input.getAttribute("maxlength");
    if (min && v.length < min) return MSG.tooShort(label, min);
    if (max && v.length > max) return MSG.tooLong(label, max);
    return "";
  }

  function show(form, name, message) {
    var input = form.elements[name];
    var slot = form.querySelector('[data-error-for="' + name + '"]');
    if (slot) slot.textContent = message || "";
    if (input && input.setAttribute) {
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }

  function status(form, text, ok) {
    var el = form.querySelector("[data-form-status]");
    if (!el) return;
    el.textContent = text || "";
    el.className = "form-status" + (text ? (ok ? " form-status-ok" : " form-status-error") : "");
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "website" && el.tagName !== "BUTTON";
    });
  }

  function enhance(form) {
    fields(form).forEach(function (input) {
      input.addEventListener("blur", function () { show(form, input.name, check(input)); });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var firstBad = null;
      fields(form).forEach(function (input) {
        var message = check(input);
        show(form, input.name, message);
        if (message && !firstBad) firstBad = input;
      });
      if (firstBad) { firstBad.focus(); status(form, ""); return; }
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      fetch(form.action, {
        method: "POST",
        headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(new FormData(form)).toString(),
        credentials: "same-origin"
      }).then(function (res) {
        return res.json().then(function (body) { return { ok: res.ok, body: body }; });
      }).then(function (r) {
        if (r.ok && r.body.redirect && form.dataset.enhance === "login") {
          window.location.assign(r.body.redirect);
          return;
        }
        if (r.ok) {
          form.reset();
          status(form, r.body.message, true);
          var count = document.querySelector("[data-waitlist-count]");
          if (count && typeof r.body.count === "number") count.textContent = r.body.count + " orang sudah menunggu";
        } else {
          var f = r.body.fields || {};
          var first = null;
          fields(form).forEach(function (input) {
            show(form, input.name, f[input.name]);
            if (f[input.name] && !first) first = input;
          });
          status(form, r.body.message, false);
          if (first) first.focus();
        }
      }).catch(function () {
        status(form, MSG.network, false);
      }).then(function () {
        if (button) button.disabled = false;
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-enhance]"), enhance);
})();
