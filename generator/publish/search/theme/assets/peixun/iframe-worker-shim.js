/* peixun: lets Material's search run from file:// (written for this project).
 *
 * Browsers refuse to start a Web Worker from a file:// page, and Material's search runs
 * in a worker. Opened from the file system, this replaces `Worker` with a class that runs
 * the worker script in a hidden same-origin frame instead, passing messages both ways.
 * Material's worker looks for `IFrameWorker` in its parent and then loads its language
 * files with `importScripts` relative to its own <script>; both are provided here.
 * Served over http(s), nothing is replaced.
 */
(function () {
  "use strict";
  if (window.location.protocol !== "file:" || window.IFrameWorker) return;

  function loadScript(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("无法加载脚本：" + src)); };
      doc.head.appendChild(script);
    });
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this._queue = [];
      this._ready = false;
      var frame = (this._frame = document.createElement("iframe"));
      frame.hidden = true;
      frame.setAttribute("aria-hidden", "true");
      frame.tabIndex = -1;
      document.body.appendChild(frame);
      var scope = frame.contentWindow;
      var base = new URL(url, window.location.href).href;
      var worker = this;

      // what the worker posts arrives here, asynchronously as from a real worker
      scope.postMessage = function (data) {
        setTimeout(function () { worker._emit(new MessageEvent("message", { data: data })); }, 0);
      };
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, src) {
          return done.then(function () { return loadScript(scope.document, new URL(src, base).href); });
        }, Promise.resolve());
      };
      loadScript(scope.document, base).then(
        function () {
          worker._ready = true;
          worker._queue.splice(0).forEach(function (data) { worker._deliver(data); });
        },
        function (error) { worker._emit(new ErrorEvent("error", { message: String(error) })); }
      );
    }

    postMessage(data) {
      if (this._ready) this._deliver(data);
      else this._queue.push(data);
    }

    terminate() {
      this._frame.remove();
    }

    _deliver(data) {
      var scope = this._frame.contentWindow;
      scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    }

    _emit(event) {
      var handler = event.type === "message" ? this.onmessage : this.onerror;
      if (typeof handler === "function") handler.call(this, event);
      this.dispatchEvent(event);
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
