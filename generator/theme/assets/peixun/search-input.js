/* peixun: Material's search answers every change of the query, not only key presses
 * (written for this project; offline copies only).
 *
 * Material reads the query box on `keyup` (and on focus). Text that arrives without a key
 * event is never searched: pasting with the mouse, dragging text in, dictation, an input
 * method that commits without a key, and in Chromium even ordinary typing of Han
 * characters in some set-ups. Each committed change of the box's value is passed on to
 * Material as one `keyup`; Material itself drops a value it has already searched, so a
 * change that also came with a real key is still searched once.
 *
 * Text still being composed by an input method (pinyin before it is committed) is not
 * passed on; `compositionend` passes on what was committed.
 */
(function () {
  "use strict";
  var QUERY = "input[data-md-component=search-query]";

  function forward(event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.matches(QUERY)) return;
    if (event.type === "input" && event.isComposing) return;
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
  }

  // listening on the document (capturing) works before Material has drawn its search box
  document.addEventListener("input", forward, true);
  document.addEventListener("compositionend", forward, true);
})();
