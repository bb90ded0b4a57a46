// A Plotly figure's script: draws `figure` ({ data, layout, config }) into the div `id` once plotly.js is there, in the
// colours of the notebook front end's theme where it has one, and redraws when the theme changes.
// FigureHtml.cs wraps it as `(function (id, figure) { … })("vae-figure-…", {…})`.
function draw() {
  window.Plotly.newPlot(id, figure.data, themed(document.getElementById(id), figure.layout), figure.config);
  follow();
}
// In a notebook front end, the layout in the editor's colours: VS Code gives outputs its theme as CSS variables
// (--vscode-editor-background, --vscode-editor-foreground), JupyterLab as --jp-layout-color0 and --jp-content-font-color1;
// where neither is set (the report, a plain browser) the layout stays as built, light. Grid and axis lines are a mix of
// the two colours, so they stay faint but visible on any background.
// The front end's [background, foreground], as set; empty strings where it sets none.
function theme(div) {
  if (!div || !window.getComputedStyle) return ["", ""];
  var style = getComputedStyle(div);
  function variable(names) {
    for (var i = 0; i < names.length; i++) { var v = style.getPropertyValue(names[i]).trim(); if (v) return v; }
    return "";
  }
  return [variable(["--vscode-editor-background", "--jp-layout-color0"]), variable(["--vscode-editor-foreground", "--jp-content-font-color1"])];
}
function themed(div, layout) {
  var colours = theme(div), background = colours[0], foreground = colours[1];
  if (!background || !foreground) return layout;
  // Any CSS colour (a name, #hex, rgb(), hsl()) to [r, g, b], as the browser computes it.
  function rgb(colour) {
    var probe = document.createElement("span");
    probe.style.display = "none";
    probe.style.color = colour;
    div.appendChild(probe);
    var parts = (getComputedStyle(probe).color.match(/[\d.]+/g) || []).map(Number);
    div.removeChild(probe);
    return parts.length >= 3 ? parts.slice(0, 3) : null;
  }
  var bg = rgb(background), fg = rgb(foreground);
  if (!bg || !fg) return layout;
  function mix(t) { return "rgb(" + [0, 1, 2].map(function (i) { return Math.round(bg[i] + (fg[i] - bg[i]) * t); }).join(", ") + ")"; }
  var copy = JSON.parse(JSON.stringify(layout));
  copy.paper_bgcolor = "rgb(" + bg.join(", ") + ")";
  copy.plot_bgcolor = copy.paper_bgcolor;
  copy.font = copy.font || {};
  copy.font.color = "rgb(" + fg.join(", ") + ")";
  Object.keys(copy).forEach(function (key) {
    if (!/^[xy]axis\d*$/.test(key) || !copy[key]) return;
    var axis = copy[key];
    axis.gridcolor = mix(0.15);
    axis.zerolinecolor = mix(0.35);
    axis.linecolor = mix(0.35);
    axis.tickcolor = mix(0.35);
  });
  if (copy.legend) copy.legend.bgcolor = "rgba(0, 0, 0, 0)";
  return copy;
}
// VS Code changes the variables on the root element when the user switches themes: redraw in the new colours.
function follow() {
  if (!window.MutationObserver) return;
  var shown = theme(document.getElementById(id)).join("|");
  var observer = new MutationObserver(function () {
    var div = document.getElementById(id);
    if (!div) { observer.disconnect(); return; }
    var now = theme(div).join("|");
    if (now === shown) return;
    shown = now;
    window.Plotly.react(div, figure.data, themed(div, figure.layout), figure.config);
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["style", "class"] });
  if (document.body) observer.observe(document.body, { attributes: true, attributeFilter: ["style", "class"] });
}
if (window.Plotly) { draw(); return; }
// plotly.js comes in the page head (report) or unpacked by this output's own loader (notebook); wait for it a while.
var tries = 0;
var timer = setInterval(function () {
  if (window.Plotly) { clearInterval(timer); draw(); }
  else if (++tries > 100) {
    clearInterval(timer);
    var div = document.getElementById(id);
    if (div) div.textContent = "plotly.js did not load in this page (this browser may lack DecompressionStream): run the cell again.";
  }
}, 100);
