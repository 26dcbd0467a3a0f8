/* peixun: whole Chinese words in queries to Material's search (written for this project).
 *
 * The index of an offline copy is cut into words by jieba when the copy is built. In the
 * worker, Material cuts each Chinese run of a query into words it finds in the index, but
 * it never looks at the run's last character: "党性" is searched as "党*", which matches
 * every word beginning with 党, and a two-character name or topic sinks among hundreds of
 * results. Before a query reaches the worker, this appends one more Han character to each
 * run that begins with an indexed word, so the whole run is read; the appended character
 * itself is never read. A run that begins with no indexed word (a word still being typed)
 * goes unchanged and keeps Material's prefix search.
 *
 * Material's messages to its worker: {type: 0, data: {config, docs}} sets the index up,
 * {type: 2, data: "<query>"} asks a query.
 */
(function () {
  "use strict";
  var Base = window.Worker;
  if (typeof Base !== "function") return;
  var HAN = /\p{sc=Han}+/gu;
  var TAGS = /<[^>]*>/g;
  var PAD = "\u4e00"; // any Han character does: it is never part of what is searched

  // every token the index holds, split the way Material's tokenizer splits them
  function vocabulary(setup) {
    var separator = new RegExp(setup.config.separator);
    var words = new Set();
    setup.docs.forEach(function (doc) {
      [doc.title, doc.text].forEach(function (value) {
        if (typeof value !== "string") return;
        value.replace(TAGS, " ").split(separator).forEach(function (word) {
          if (word) words.add(word.toLowerCase());
        });
      });
    });
    return words;
  }

  function whole(query, words) {
    return query.replace(HAN, function (run) {
      for (var end = run.length; end > 0; end--) {
        if (words.has(run.slice(0, end))) return run + PAD;
      }
      return run;
    });
  }

  class SegmentingWorker extends Base {
    postMessage(message, transfer) {
      if (message && message.type === 0 && message.data && Array.isArray(message.data.docs)) {
        this._setup = message.data;
        this._words = null;
      } else if (message && message.type === 2 && typeof message.data === "string" && this._setup) {
        this._words = this._words || vocabulary(this._setup); // once, at the first query
        message = { type: message.type, data: whole(message.data, this._words) };
      }
      return transfer === undefined ? super.postMessage(message) : super.postMessage(message, transfer);
    }
  }
  window.Worker = SegmentingWorker;
})();
