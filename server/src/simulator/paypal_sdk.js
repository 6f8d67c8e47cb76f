// PayPal JS SDK stand-in for the development payment simulator: the part of
// `paypal.Buttons` the site uses. The real SDK draws PayPal's button and
// opens PayPal in a popup; here the button is drawn in the page and the
// approval is a dialog over it. Either way the site only sees the callbacks.
(function () {
  "use strict";
  var base = "{base}";

  function json(url, body) {
    return fetch(url, {
      method: body ? "POST" : "GET",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (r) {
      return r.ok ? r.json() : Promise.reject(r);
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      e.setAttribute(k, attrs[k]);
    });
    if (text) e.textContent = text;
    return e;
  }

  // The approval window: order, amount, approve or cancel.
  function approval(id, opts, button) {
    return json(base + "/sdk/orders/" + encodeURIComponent(id)).then(function (o) {
      var dialog = el("dialog", {
        "aria-labelledby": "paypal-sim-title",
        class: "rounded-xl border border-slate-700 bg-slate-900 p-6 text-slate-100",
        style: "max-width: 26rem; width: calc(100% - 2rem);",
      });
      dialog.appendChild(el("h2", { id: "paypal-sim-title", class: "text-xl font-bold text-white" }, "Persetujuan PayPal (simulasi)"));
      dialog.appendChild(el("p", { class: "mt-2 text-sm text-slate-300" }, o.description + " — pesanan " + o.reference));
      dialog.appendChild(el("p", { class: "mt-4 text-2xl font-bold text-white" }, "US$" + o.value));
      var actions = el("div", { class: "mt-6 grid gap-3" });
      var approve = el("button", { type: "button", class: "btn-primary" }, "Setujui pembayaran");
      var cancel = el("button", { type: "button", class: "btn-ghost" }, "Batalkan");
      actions.appendChild(approve);
      actions.appendChild(cancel);
      dialog.appendChild(actions);
      document.body.appendChild(dialog);

      function done(result) {
        approve.disabled = true;
        cancel.disabled = true;
        return json(base + "/sdk/orders/" + encodeURIComponent(id) + "/choose", { result: result }).then(function () {
          dialog.close();
          dialog.remove();
          button.disabled = false;
          var data = { orderID: id, payerID: "SIMPAYER" };
          if (result === "approve") return opts.onApprove && opts.onApprove(data, {});
          return opts.onCancel && opts.onCancel(data);
        });
      }
      approve.addEventListener("click", function () {
        done("approve").catch(function (e) {
          if (opts.onError) opts.onError(e);
        });
      });
      cancel.addEventListener("click", function () {
        done("cancel");
      });
      dialog.addEventListener("cancel", function (ev) {
        ev.preventDefault();
        done("cancel");
      });
      dialog.showModal();
      approve.focus();
    });
  }

  function Buttons(opts) {
    return {
      render: function (target) {
        var box = typeof target === "string" ? document.querySelector(target) : target;
        var button = el("button", { type: "button", class: "btn-primary w-full", "data-paypal-button": "" }, "Bayar dengan PayPal");
        button.addEventListener("click", function () {
          button.disabled = true;
          Promise.resolve(opts.createOrder({}, {}))
            .then(function (id) {
              return approval(id, opts, button);
            })
            .catch(function (e) {
              button.disabled = false;
              if (opts.onError) opts.onError(e);
            });
        });
        box.appendChild(button);
        return Promise.resolve();
      },
    };
  }

  window.paypal = { Buttons: Buttons, version: "simulator" };
})();
