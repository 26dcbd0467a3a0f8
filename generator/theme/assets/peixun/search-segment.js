/* peixun: Chinese queries for Material's search in offline copies (written for this project).
 *
 * The index is cut into words by jieba when the copy is built, and Material looks up each
 * space-separated query word as the beginning of an indexed word. Chinese is typed without
 * spaces, so a whole title ("干部选拔任用工作实务") would be one word that no indexed word
 * begins with. Before a query reaches the search worker, this adds to each Chinese run the
 * words the browser's own segmenter cuts it into; any of them matching suffices (Material
 * combines words with OR and ranks pages matching more of them, and titles, first). The
 * run itself stays, so a two-character word the segmenter splits ("党性" → 党 性) still
 * ranks the pages that contain it whole first.
 */
(function () {
  "use strict";
  var Base = window.Worker;
  if (typeof Base !== "function" || typeof Intl === "undefined" || typeof Intl.Segmenter !== "function") return;
  var segmenter = new Intl.Segmenter("zh", { granularity: "word" });
  var han = /[\u3400-\u9fff\uf900-\ufaff]+/g;

  function words(query) {
    return query.replace(han, function (run) {
      var parts = [run];
      for (var piece of segmenter.segment(run)) {
        if (parts.indexOf(piece.segment) < 0) parts.push(piece.segment);
      }
      return " " + parts.join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
  }

  class SegmentingWorker extends Base {
    postMessage(message, transfer) {
      // Material's query message: {type: 2, data: "<query>"}
      if (message && message.type === 2 && typeof message.data === "string") {
        message = { type: message.type, data: words(message.data) };
      }
      return transfer === undefined ? super.postMessage(message) : super.postMessage(message, transfer);
    }
  }
  window.Worker = SegmentingWorker;
})();
