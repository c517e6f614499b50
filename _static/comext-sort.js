/* Sortable tables of the book (class "comext-sortable"): a click on a column header sorts the
 * rows, descending first for numbers and ascending first for text; a second click reverses.
 * Numbers are read in the French format of the pages ("2 211,9", "-245,9", "+1,2", "−0,3": no-break
 * spaces as thousands separators, decimal comma); a column of numbers may hold "n. d." or "—" (not
 * defined), always sorted last; text is compared with localeCompare in French.
 * No dependency, nothing fetched. */
(function () {
  "use strict";

  function frenchNumber(text) {
    var t = text.replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-").replace(/^\+/, "").replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(t) ? parseFloat(t) : null;
  }

  function isMissing(text) {
    var t = text.replace(/[\s\u00a0\u202f]/g, "");
    return t === "" || t === "n.d." || t === "\u2014";
  }

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function isNumeric(rows, index) {
    var found = false;
    var all = rows.every(function (row) {
      var text = cellText(row, index);
      if (frenchNumber(text) !== null) { found = true; return true; }
      return isMissing(text);
    });
    return found && all;
  }

  function sortBy(table, header, index) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = isNumeric(rows, index);
    var current = header.getAttribute("aria-sort");
    var descending = current ? current === "ascending" : numeric;
    rows.sort(function (a, b) {
      var x = cellText(a, index), y = cellText(b, index);
      if (numeric) {
        var nx = frenchNumber(x), ny = frenchNumber(y);
        if (nx === null || ny === null) return (nx === null) - (ny === null);  // not defined: last, either way
        return descending ? ny - nx : nx - ny;
      }
      var order = x.localeCompare(y, "fr", { sensitivity: "base", numeric: true });
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function enable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "comext-sort-button";
      button.title = "Trier selon cette colonne";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, index); });
    });
    table.classList.add("comext-sort-ready");
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table.comext-sortable"), enable);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
