// The buy form with JavaScript. Rupiah: order, then Midtrans Snap opens over
// the page (`window.snap`, loaded from the configured Snap host with the
// public client key). Dollars: PayPal's own button (`window.paypal`, the JS
// SDK with the public client id) replaces "Beli sekarang"; it orders, PayPal
// approves in its window, and the server captures. Without JavaScript, or if
// anything here fails, the form posts as usual and the server sends the
// member to Snap's or PayPal's own page.
(function () {
  "use strict";
  var form = document.querySelector("form[data-buy='form']");
  if (!form || !window.fetch) return;
  var submit = form.querySelector("button[type=submit]");

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (r) {
      return r.ok ? r.json() : Promise.reject(r);
    });
  }

  function method() {
    return new FormData(form).get("method");
  }

  // Whatever the provider's window reports, the orders page shows the
  // status the server knows.
  function ordersPage(order) {
    window.location.href = "/dashboard/orders?order_id=" + encodeURIComponent(order.order_code);
  }

  function order(method) {
    return post("/api/orders/create", { product: form.dataset.product, method: method });
  }

  form.addEventListener("submit", function (ev) {
    if (method() !== "midtrans" || !window.snap) return;
    ev.preventDefault();
    if (submit) submit.disabled = true;
    order("midtrans")
      .then(function (o) {
        return post("/api/payment/midtrans/create", { order_id: o.id }).then(function (pay) {
          function go() {
            ordersPage(o);
          }
          window.snap.pay(pay.token, { onSuccess: go, onPending: go, onError: go, onClose: go });
        });
      })
      .catch(function () {
        form.submit();
      });
  });

  var box = form.querySelector("[data-paypal-buttons]");
  if (!box || !window.paypal || !window.paypal.Buttons) return;
  var current = null;
  window.paypal
    .Buttons({
      style: { layout: "vertical", color: "gold", label: "pay" },
      createOrder: function () {
        return order("paypal").then(function (o) {
          current = o;
          return post("/api/payment/paypal/create-order", { order_id: o.id }).then(function (p) {
            return p.id;
          });
        });
      },
      onApprove: function () {
        return post("/api/payment/paypal/capture", { order_id: current.id }).then(
          function () {
            ordersPage(current);
          },
          function () {
            ordersPage(current);
          },
        );
      },
      onCancel: function () {
        if (current) ordersPage(current);
      },
      onError: function () {
        if (current) ordersPage(current);
        else form.submit();
      },
    })
    .render(box)
    .then(function () {
      function show() {
        var paypal = method() === "paypal";
        box.hidden = !paypal;
        if (submit) submit.hidden = paypal;
      }
      form.addEventListener("change", show);
      show();
    });
})();
