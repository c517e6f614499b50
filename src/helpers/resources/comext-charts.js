/* Draws every chart of the page with the vega libraries bundled before this script.
 * Each chart is a <div class="comext-vega" data-spec="ID"> whose Vega-Lite spec sits in
 * <script type="application/json" id="ID">. Numbers use the French locale of the text.
 *
 * Readable on any screen: a chart is scaled down to the text column, but never so far that its
 * smallest text falls under MIN_TEXT_PX; below that, the chart keeps that size and its frame
 * (vega-embed's .chart-wrapper) scrolls sideways. The frame is then a keyboard stop (Vega names
 * it: role graphics-document, the chart's description as aria-label), and the chart is marked
 * comext-scrolls (comext.css shows a hint). The « … » menu gets a name, and its image links
 * work from the keyboard too (vega-embed makes their image on mousedown only). A chart is done
 * when its node has data-ready.
 *
 * A chart several pages show (a région's or France's) is not inline: its node has
 * data-chart="DIGEST" and the figure's caption ends with <script src="../graphiques/DIGEST.js">, which calls
 * comextChart(DIGEST, {spec, table}) while the page is parsed (from file:// as over HTTP): the spec
 * is kept for drawAll, the data table put into the figure's <details class="comext-table">. */
(function () {
  "use strict";
  var NBSP = "\u00a0";
  var MIN_TEXT_PX = 10;
  var MENU_NAME = "Enregistrer le graphique en image (SVG ou PNG)";
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

  var shared = {};

  window.comextChart = function (digest, chart) {
    shared[digest] = chart.spec;
    var script = document.currentScript;
    var figure = script && script.closest("figure");
    var details = figure && figure.querySelector("details.comext-table");
    if (details && !details.querySelector("table")) details.insertAdjacentHTML("beforeend", chart.table);
  };

  function specOf(node) {
    if (node.dataset.chart) {  // a copy: the same file may serve two figures of a page
      var found = shared[node.dataset.chart];
      return found && JSON.parse(JSON.stringify(found));
    }
    var source = document.getElementById(node.dataset.spec);
    return source ? JSON.parse(source.textContent) : undefined;
  }

  // The charts' shared look, given once (comext-vega.js) instead of in every spec (helpers.charts.render.site_spec).
  if (window.comextChartConfig) OPTIONS.config = window.comextChartConfig;

  function drawAll() {
    var nodes = document.querySelectorAll("div.comext-vega[data-spec]");
    Array.prototype.forEach.call(nodes, function (node) {
      if (node.dataset.drawn) return;
      node.dataset.drawn = "1";
      var spec = specOf(node);
      if (!spec) return;
      var options = Object.assign({}, OPTIONS, { downloadFileName: node.dataset.spec.replace(/^spec-/, "") });
      window.vegaEmbed(node, spec, options).then(function (result) {
        fitReadable(node);
        nameMenu(node, result.view);
        node.dataset.ready = "1";
      }).catch(function (error) {
        node.textContent = "Le graphique n'a pas pu être dessiné : " + error;
        console.error(error);
      });
    });
  }

  /* Smallest width at which every text of the chart is at least MIN_TEXT_PX high. */
  function readableWidth(svg) {
    var width = parseFloat(svg.getAttribute("width"));
    var smallest = Infinity;
    Array.prototype.forEach.call(svg.querySelectorAll("text"), function (text) {
      if (text.textContent.trim()) smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize));
    });
    return isFinite(smallest) && smallest > 0 ? Math.ceil((width * MIN_TEXT_PX) / smallest) : 0;
  }

  function fitReadable(node) {
    var frame = node.querySelector(".chart-wrapper");
    var svg = frame && frame.querySelector("svg.marks");
    if (!svg) return;
    svg.style.minWidth = readableWidth(svg) + "px";
    var update = function () {
      var scrolls = frame.scrollWidth > frame.clientWidth;
      if (scrolls) frame.tabIndex = 0;
      else frame.removeAttribute("tabindex");
      node.classList.toggle("comext-scrolls", scrolls);
    };
    update();
    if (window.ResizeObserver) new ResizeObserver(update).observe(frame);
  }

  function nameMenu(node, view) {
    var summary = node.querySelector("details > summary");
    if (summary) summary.setAttribute("aria-label", MENU_NAME);
    Array.prototype.forEach.call(node.querySelectorAll(".vega-actions a[download]"), function (link) {
      var type = link.getAttribute("download").split(".").pop();
      link.addEventListener("focus", function () {
        view.toImageURL(type).then(function (url) { link.href = url; });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
