/* Draws every chart of the page with the vega libraries bundled before this script.
 * Each chart is a <div class="comext-vega" data-spec="ID"> whose Vega-Lite spec sits in
 * <script type="application/json" id="ID">. Numbers use the French locale of the text. */
(function () {
  "use strict";
  var NBSP = "\u00a0";
  var OPTIONS = {
    renderer: "svg",
    formatLocale: { decimal: ",", thousands: NBSP, grouping: [3], currency: ["", NBSP + "€"] },
    actions: { export: true, source: false, compiled: false, editor: false },
    i18n: {
      CLICK_TO_VIEW_ACTIONS: "Afficher les actions",
      PNG_ACTION: "Enregistrer en PNG",
      SVG_ACTION: "Enregistrer en SVG",
      COMPILED_ACTION: "Voir le Vega compilé",
      EDITOR_ACTION: "Ouvrir dans l'éditeur Vega",
      SOURCE_ACTION: "Voir la source",
    },
  };

  function drawAll() {
    var nodes = document.querySelectorAll("div.comext-vega[data-spec]");
    Array.prototype.forEach.call(nodes, function (node) {
      if (node.dataset.drawn) return;
      node.dataset.drawn = "1";
      var source = document.getElementById(node.dataset.spec);
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(node, spec, OPTIONS).catch(function (error) {
        node.textContent = "Le graphique n'a pas pu être dessiné : " + error;
        console.error(error);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
