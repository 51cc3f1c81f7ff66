// Pan and zoom for the maps on Relmap's pages (issue 19), without a library: it moves the SVG's
// viewBox. Wheel or the + and - buttons zoom around the pointer or the centre, dragging pans,
// double-click or the reset button returns to the whole map. Without JavaScript the map is shown
// whole, fitted to the page, as before. Labels of the buttons come from the page (data-*).
(function () {
  "use strict";
  document.querySelectorAll(".map[data-zoom]").forEach(function (box) {
    var svg = box.querySelector("svg");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) return;
    var b = svg.viewBox.baseVal;
    var home = { x: b.x, y: b.y, w: b.width, h: b.height };
    var view = { x: home.x, y: home.y, w: home.w, h: home.h };
    function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
    // Zoom by factor f (< 1 closer) around the map point (cx, cy); at most 20x, never beyond whole.
    function zoom(f, cx, cy) {
      var w = Math.min(home.w, Math.max(home.w / 20, view.w * f));
      var k = w / view.w;
      view.x = cx - (cx - view.x) * k;
      view.y = cy - (cy - view.y) * k;
      view.w = w;
      view.h = view.h * k;
      if (w === home.w) { view.x = home.x; view.y = home.y; view.h = home.h; }
      apply();
    }
    function point(e) {
      var r = svg.getBoundingClientRect();
      return { x: view.x + (e.clientX - r.left) / r.width * view.w, y: view.y + (e.clientY - r.top) / r.height * view.h };
    }
    function button(label, title, action) {
      var el = document.createElement("button");
      el.type = "button";
      el.textContent = label;
      el.title = title;
      el.addEventListener("click", action);
      return el;
    }
    var bar = document.createElement("div");
    bar.className = "map-tools";
    bar.appendChild(button("+", box.dataset.zoomIn || "+", function () { zoom(0.7, view.x + view.w / 2, view.y + view.h / 2); }));
    bar.appendChild(button("\u2212", box.dataset.zoomOut || "-", function () { zoom(1 / 0.7, view.x + view.w / 2, view.y + view.h / 2); }));
    bar.appendChild(button("\u21BA", box.dataset.zoomReset || "reset", function () { zoom(Infinity, 0, 0); }));
    box.insertBefore(bar, box.firstChild);
    box.classList.add("zoomable");

    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = point(e);
      zoom(e.deltaY < 0 ? 0.85 : 1 / 0.85, p.x, p.y);
    }, { passive: false });
    svg.addEventListener("dblclick", function (e) { e.preventDefault(); zoom(Infinity, 0, 0); });
    // Drag to pan; a drag that moved does not follow the company link it started on.
    var drag = null, moved = false;
    svg.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
      moved = false;
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!moved) { moved = true; svg.setPointerCapture(e.pointerId); }
      var r = svg.getBoundingClientRect();
      view.x = drag.vx - dx / r.width * view.w;
      view.y = drag.vy - dy / r.height * view.h;
      apply();
    });
    function end() { drag = null; }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("click", function (e) { if (moved) { e.preventDefault(); e.stopPropagation(); moved = false; } }, true);
  });
})();
