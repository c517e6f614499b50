/* The map of France (figure.comext-map, written by helpers.charts.france_map): each département is
 * an SVG link to its fiche whose fills and values for the three indicators sit in data-f and data-v
 * ("|"-separated, already in French format). This script adds what needs one:
 * - the switch (radio buttons, hidden without the script) recolours the map, updates each link's
 *   aria-label and shows the matching legend;
 * - a tooltip (name, value) follows the pointer, or sits by the département focused with Tab;
 *   Escape hides it; it never takes the pointer;
 * - the département under the pointer or focused is outlined (an overlay path drawn last).
 * Works from file:// (nothing fetched). A map is ready when its figure has class comext-map-ready. */
(function () {
  "use strict";
  var NNBSP = "\u202f";

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function setup(figure) {
    var frame = figure.querySelector(".comext-map-frame");
    var tip = figure.querySelector(".comext-map-tip");
    var outline = figure.querySelector(".comext-map-focus");
    var links = figure.querySelectorAll("svg a[data-f]");
    var radios = figure.querySelectorAll(".comext-map-switch input[type=radio]");
    var labels = [];
    var phrases = [];
    var measure = 0;
    var current = null;

    each(radios, function (radio) {
      labels.push(radio.parentNode.textContent.trim());
      phrases.push(radio.getAttribute("data-phrase"));
      radio.addEventListener("change", function () { if (radio.checked) { choose(parseInt(radio.value, 10)); } });
    });

    function part(link, attribute, index) { return link.getAttribute(attribute).split(attribute === "data-f" ? " " : "|")[index]; }

    function choose(index) {
      measure = index;
      each(links, function (link) {
        link.querySelector("path").setAttribute("fill", part(link, "data-f", index));
        link.setAttribute("aria-label", link.getAttribute("data-n") + NNBSP + ": " + phrases[index] + " " + part(link, "data-v", index));
      });
      each(figure.querySelectorAll(".comext-map-legend"), function (legend) {
        legend.hidden = parseInt(legend.getAttribute("data-measure"), 10) !== index;
      });
      figure.setAttribute("data-measure", String(index));
      if (current) { fill(current); }
    }

    function fill(link) {
      tip.textContent = "";
      var name = document.createElement("strong");
      name.textContent = link.getAttribute("data-n");
      tip.appendChild(name);
      tip.appendChild(document.createElement("br"));
      tip.appendChild(document.createTextNode(labels[measure] + NNBSP + ": " + part(link, "data-v", measure)));
    }

    function place(x, y) {
      var box = frame.getBoundingClientRect();
      tip.hidden = false;
      var left = x - box.left + 14;
      var top = y - box.top + 14;
      if (left + tip.offsetWidth > box.width) { left = Math.max(0, x - box.left - tip.offsetWidth - 14); }
      if (top + tip.offsetHeight > box.height) { top = Math.max(0, y - box.top - tip.offsetHeight - 14); }
      tip.style.left = left + "px";
      tip.style.top = top + "px";
    }

    function show(link, x, y) {
      current = link;
      fill(link);
      outline.setAttribute("d", link.querySelector("path").getAttribute("d"));
      if (x === undefined) {
        var r = link.getBoundingClientRect();
        x = r.left + r.width / 2;
        y = r.top + r.height / 2;
      }
      place(x, y);
    }

    function hide() {
      current = null;
      tip.hidden = true;
      outline.setAttribute("d", "");
    }

    each(links, function (link) {
      link.addEventListener("mousemove", function (event) { show(link, event.clientX, event.clientY); });
      link.addEventListener("mouseleave", hide);
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", hide);
    });
    figure.addEventListener("keydown", function (event) { if (event.key === "Escape") { hide(); } });
    each(figure.querySelectorAll(".comext-map-switch"), function (fieldset) { fieldset.hidden = false; });
    choose(0);
    figure.classList.add("comext-map-ready");
  }

  function start() { each(document.querySelectorAll("figure.comext-map"), setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
