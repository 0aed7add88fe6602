/* Resumable evidence upload (R-REC-05): the file is sent in fixed pieces with PUT, each
 * retried on failure; the upload's id is kept in localStorage under the file's name, size
 * and modification time, so after a dropped connection or a reload choosing the same file
 * asks the server which pieces it has and sends only the rest. */
(function () {
  "use strict";

  var form = document.getElementById("evidence-upload");
  if (!form) { return; }
  var messages = document.getElementById("upload-messages").dataset;
  var statusLine = document.getElementById("upload-status");
  var progress = document.getElementById("upload-progress");
  var button = document.getElementById("upload-button");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var startUrl = form.dataset.startUrl;
  var MAX_TRIES = 6;
  var PARALLEL = 2;

  function say(text) { statusLine.textContent = text; }

  function storageKey(file) {
    return "sx-upload:" + form.dataset.case + ":" + file.name + ":" + file.size + ":" +
      file.lastModified;
  }

  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function request(method, url, body, headers) {
    var init = { method: method, credentials: "same-origin", headers: headers || {} };
    init.headers["X-CSRFToken"] = csrf;
    if (body !== undefined) { init.body = body; }
    return fetch(url, init).then(function (response) {
      return response.text().then(function (text) {
        var data = {};
        try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {}; }
        return { status: response.status, data: data };
      });
    });
  }

  function clearErrors() {
    form.querySelectorAll("p.error").forEach(function (p) { p.hidden = true; p.textContent = ""; });
  }

  function showError(data) {
    var target = data.field && document.getElementById("error_" + data.field);
    if (target) {
      target.textContent = data.message;
      target.hidden = false;
      var input = form.querySelector("[name=" + data.field + "]");
      if (input) { input.focus(); }
    }
    say(data.message || messages.failed);
  }

  function status(url) {
    return request("GET", url).then(function (r) { return r.status === 200 ? r.data : null; });
  }

  function openUpload(file) {
    var key = storageKey(file);
    var saved = window.localStorage.getItem(key);
    var resume = saved ? status(saved) : Promise.resolve(null);
    return resume.then(function (existing) {
      if (existing && existing.state === "open") {
        say(messages.resuming);
        return existing;
      }
      say(messages.starting);
      var body = JSON.stringify({ case: form.dataset.case, filename: file.name,
        content_type: file.type || "application/octet-stream", size: file.size });
      return request("POST", startUrl, body, { "Content-Type": "application/json" })
        .then(function (r) {
          if (r.status !== 201) { throw r.data; }
          window.localStorage.setItem(key, r.data.status_url);
          return r.data;
        });
    });
  }

  function sendChunk(upload, file, index) {
    var start = index * upload.chunk_size;
    var end = Math.min(start + upload.chunk_size, upload.size);
    var url = upload.chunk_url.replace("{index}", String(index));
    var headers = { "Content-Type": "application/octet-stream",
      "Content-Range": "bytes " + start + "-" + (end - 1) + "/" + upload.size };
    function attempt(tries) {
      return request("PUT", url, file.slice(start, end), headers).then(function (r) {
        if (r.status === 200) { return; }
        if (r.status >= 500 && tries < MAX_TRIES) {
          say(messages.retrying);
          return sleep(1000 * tries).then(function () { return attempt(tries + 1); });
        }
        throw r.data;
      }, function () {  // the network failed: wait and try again
        if (tries >= MAX_TRIES) { throw { message: messages.failed }; }
        say(messages.retrying);
        return sleep(1000 * tries).then(function () { return attempt(tries + 1); });
      });
    }
    return attempt(1);
  }

  function sendMissing(upload, file) {
    var queue = upload.missing.slice();
    var done = upload.chunk_count - queue.length;
    function report() {
      progress.value = Math.round(100 * done / upload.chunk_count);
      say(messages.sending.replace("%(done)s", done).replace("%(total)s", upload.chunk_count));
    }
    report();
    function worker() {
      var index = queue.shift();
      if (index === undefined) { return Promise.resolve(); }
      return sendChunk(upload, file, index).then(function () {
        done += 1;
        report();
        return worker();
      });
    }
    var workers = [];
    for (var i = 0; i < PARALLEL; i += 1) { workers.push(worker()); }
    return Promise.all(workers);
  }

  function metadataBody() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.disabled) { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      params.append(el.name, el.value);
    });
    return params;
  }

  function finish(upload, file) {
    return status(upload.status_url).then(function (current) {
      if (current && current.missing.length) {
        current.status_url = upload.status_url;
        return sendMissing(current, file).then(function () { return finish(upload, file); });
      }
      say(messages.finishing);
      return request("POST", upload.finish_url, metadataBody(), {}).then(function (r) {
        if (r.status !== 201) { throw r.data; }
        window.localStorage.removeItem(storageKey(file));
        progress.value = 100;
        say(messages.done);
        window.location.assign(r.data.url);
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var file = form.querySelector("input[type=file]").files[0];
    if (!file) { say(messages.noFile); return; }
    if (file.size > Number(form.dataset.maxBytes)) { say(messages.tooBig); return; }
    button.disabled = true;
    openUpload(file)
      .then(function (upload) {
        return sendMissing(upload, file).then(function () { return finish(upload, file); });
      })
      .catch(function (error) { showError(error || {}); })
      .then(function () { button.disabled = false; });
  });
}());
