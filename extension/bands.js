/*
 * Colours for the rating bands the backend reports. The band ids come from the server's
 * config; an id this table does not know is shown in neutral grey rather than guessed at.
 * White text on each colour meets WCAG AA contrast.
 */
(function (root) {
  "use strict";

  const COLOURS = Object.freeze({
    strong: "#1b6e3a",
    adequate: "#3c6617",
    weak: "#9a4a00",
    very_weak: "#b3261e",
  });
  const NEUTRAL = "#5f6368";

  function colourOf(rating) {
    return Object.prototype.hasOwnProperty.call(COLOURS, rating) ? COLOURS[rating] : NEUTRAL;
  }

  const api = { COLOURS, NEUTRAL, colourOf };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.ProvenanceBands = api;
})(typeof self !== "undefined" ? self : this);
