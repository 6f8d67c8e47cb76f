// The buy form with JavaScript: order, then Midtrans Snap opens over the page
// (`window.snap`, loaded from the configured Snap host with the public client
// key). Without JavaScript, or if anything here fails, the form posts as
// usual and the server sends the member to Snap's own page.
(function () {
  "use strict";
  var form = document.querySelector("form[data-buy='form']");
  if (!form || !window.fetch) return;

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

  form.addEventListener("submit", function (ev) {
    var method = new FormData(form).get("method");
    if (method !== "midtrans" || !window.snap) return;
    ev.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    post("/api/orders/create", { product: form.dataset.product, method: "midtrans" })
      .then(function (order) {
        return post("/api/payment/midtrans/create", { order_id: order.id }).then(function (pay) {
          // Whatever Snap reports, the orders page asks Midtrans itself.
          var back = "/dashboard/orders?order_id=" + encodeURIComponent(order.order_code);
          function go() {
            window.location.href = back;
          }
          window.snap.pay(pay.token, { onSuccess: go, onPending: go, onError: go, onClose: go });
        });
      })
      .catch(function () {
        form.submit();
      });
  });
})();
