/* peixun: Material's search answers every change of the query, not only key presses
 * (written for this project; offline copies only).
 *
 * Material reads the query box on `keyup`, on focus and once when its index is ready.
 * Text that arrives without a key event is never searched: pasting with the mouse,
 * dragging text in, dictation, an input method that commits without a key, and in
 * Chromium even ordinary typing of Han characters in some set-ups. Each committed change
 * of the box's value is passed on to Material as one `keyup`; Material itself drops a
 * value it has already searched, so a change that also came with a real key is still
 * searched once.
 *
 * Text still being composed by an input method (pinyin before it is committed) is never
 * searched: while a composition is open, scripts reading the box get the text it held
 * before the composition began (what the person sees is unchanged), so Material's read
 * at "index ready" cannot pick up half-typed pinyin; `compositionend` passes on what was
 * committed.
 */
(function () {
  "use strict";
  var QUERY = "input[data-md-component=search-query]";
  var native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");

  function isQuery(box) {
    return box instanceof HTMLInputElement && box.matches(QUERY);
  }

  function forward(event) {
    var box = event.target;
    if (!isQuery(box) || (event.type === "input" && event.isComposing)) return;
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
  }

  function compose(event) {
    var box = event.target;
    if (!isQuery(box)) return;
    if (!box._pxComposition) {
      box._pxComposition = { open: false, before: "" };
      var state = box._pxComposition;
      Object.defineProperty(box, "value", {
        configurable: true,
        get: function () { return state.open ? state.before : native.get.call(this); },
        set: function (text) { native.set.call(this, text); }
      });
    }
    box._pxComposition.before = native.get.call(box);
    box._pxComposition.open = true;
  }

  function commit(event) {
    if (isQuery(event.target) && event.target._pxComposition) event.target._pxComposition.open = false;
    forward(event);
  }

  // listening on the document (capturing) works before Material has drawn its search box
  document.addEventListener("input", forward, true);
  document.addEventListener("compositionstart", compose, true);
  document.addEventListener("compositionend", commit, true);
})();
