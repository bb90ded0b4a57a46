// The latent explorer's page script: evaluates the MLP decoder (Linear + ReLU layers, sigmoid on the logits)
// in the browser, so pointing anywhere on the plane draws a digit with no kernel round trip and no network.
// LatentExplorer.cs wraps it as `(function (root, data, blobs) { … })(element, {…}, {…})`: data holds the
// settings and small arrays, blobs the base64 weights, μ (float32) and original images (bytes).
"use strict";

var SIZE = 28, PIXELS = SIZE * SIZE;
var CSS = 440, LEFT = 46, TOP = 12, PLOT = 380;  // the plane canvas: plot square of PLOT px inside CSS px
var HOVER_RADIUS = 6, DRAG_MIN = 4, STRIP_STEPS = 10;

function $(name) { return root.querySelector("[data-part=" + name + "]"); }

function bytesOf(base64) {
  var text = atob(base64), out = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

// IEEE 754 binary16 → number, by a table: 65,536 entries once beat a Math.pow per weight.
function halfTable() {
  var table = new Float32Array(65536);
  for (var h = 0; h < 65536; h++) {
    var sign = h & 0x8000 ? -1 : 1, exponent = (h >> 10) & 31, mantissa = h & 1023;
    table[h] = exponent === 0 ? sign * mantissa * Math.pow(2, -24)
      : exponent === 31 ? (mantissa ? NaN : sign * Infinity)
      : sign * (1 + mantissa / 1024) * Math.pow(2, exponent - 15);
  }
  return table;
}

function weightsOf(base64, precision) {
  var raw = bytesOf(base64);
  if (precision === "float32") return new Float32Array(raw.buffer);
  var halves = new Uint16Array(raw.buffer), table = halfTable(), out = new Float32Array(halves.length);
  for (var i = 0; i < halves.length; i++) out[i] = table[halves[i]];
  return out;
}

// Weight rows are PyTorch's (out × in, row-major) followed by the bias, layer after layer.
var all = weightsOf(blobs.weights, data.precision), offset = 0;
var layers = data.layers.map(function (shape) {
  var w = all.subarray(offset, offset += shape.out * shape.in);
  var b = all.subarray(offset, offset += shape.out);
  return { inputs: shape.in, outputs: shape.out, w: w, b: b, y: new Float64Array(shape.out) };
});
if (offset !== all.length) throw new Error("latent explorer: " + all.length + " weights for layers that need " + offset);
var decodes = 0;

// decode(z) → 784 gray levels, Math.round(255 · sigmoid(logit)), as the C# figures quantize.
function decode(code) {
  var a = code;
  for (var l = 0; l < layers.length; l++) {
    var layer = layers[l], w = layer.w, b = layer.b, y = layer.y, m = layer.inputs, last = l === layers.length - 1;
    for (var r = 0; r < layer.outputs; r++) {
      var s = b[r], row = r * m;
      for (var j = 0; j < m; j++) s += w[row + j] * a[j];
      y[r] = last || s > 0 ? s : 0;
    }
    a = y;
  }
  var gray = new Uint8Array(PIXELS);
  for (var i = 0; i < PIXELS; i++) gray[i] = Math.round(255 / (1 + Math.exp(-a[i])));
  decodes++;
  return gray;
}

function paint(canvas, gray, x0) {
  var ctx = canvas.getContext("2d"), image = ctx.createImageData(SIZE, SIZE);
  for (var i = 0; i < PIXELS; i++) {
    image.data[4 * i] = image.data[4 * i + 1] = image.data[4 * i + 2] = gray[i];
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, x0 || 0, 0);
}

var n = data.labels.length, d = data.zDim;
var codes = new Float32Array(bytesOf(blobs.codes).buffer);
var originals = bytesOf(blobs.originals);
var dim1 = data.dims[0], dim2 = data.dims[1], range = data.range, held = data.held;

function sub(i) { return String(i + 1).replace(/\d/g, function (c) { return "₀₁₂₃₄₅₆₇₈₉"[+c]; }); }
function fmt(v) { return (v < 0 ? "−" : "") + Math.abs(v).toFixed(2); }
function pointName(k) { return "label " + data.classNames[data.labels[k]] + " · test image #" + data.indices[k]; }
function muOf(k) { return Array.prototype.slice.call(codes, k * d, (k + 1) * d); }

// The code at a plane point: the plane's two coordinates, the others held at μ of the chosen test image.
function codeAt(z1, z2) {
  var code = d === 2 ? [0, 0] : muOf(held);
  code[dim1] = z1;
  code[dim2] = z2;
  return code;
}

// ---- the plane: [−range, range)², z₁ to the right, z₂ upwards, as the Task 2 scatter ----
var plane = $("plane"), ratio = window.devicePixelRatio || 1;
plane.width = plane.height = Math.round(CSS * ratio);
plane.style.width = plane.style.height = CSS + "px";
var ctx = plane.getContext("2d");
var backdrop = document.createElement("canvas");
backdrop.width = backdrop.height = plane.width;
var screenX = new Float64Array(n), screenY = new Float64Array(n);

function toScreen(z1, z2) { return [LEFT + (z1 + range) / (2 * range) * PLOT, TOP + (range - z2) / (2 * range) * PLOT]; }
function fromScreen(x, y) { return [-range + (x - LEFT) / PLOT * 2 * range, range - (y - TOP) / PLOT * 2 * range]; }

function drawBackdrop() {
  var g = backdrop.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.fillStyle = "white";
  g.fillRect(0, 0, CSS, CSS);
  var step = range <= 1 ? 0.5 : range <= 3 ? 1 : 2;
  g.font = "11px sans-serif";
  g.fillStyle = "#2a3f5f";
  for (var t = Math.ceil(-range / step) * step; t <= range + 1e-9; t += step) {
    var p = toScreen(t, t);
    g.strokeStyle = Math.abs(t) < 1e-9 ? "#c8d4e3" : "#ebf0f8";
    g.beginPath(); g.moveTo(p[0], TOP); g.lineTo(p[0], TOP + PLOT); g.stroke();
    g.beginPath(); g.moveTo(LEFT, p[1]); g.lineTo(LEFT + PLOT, p[1]); g.stroke();
    g.textAlign = "center"; g.fillText(fmt(t).replace(".00", ""), p[0], TOP + PLOT + 14);
    g.textAlign = "right"; g.fillText(fmt(t).replace(".00", ""), LEFT - 4, p[1] + 4);
  }
  g.strokeStyle = "#c8d4e3";
  g.strokeRect(LEFT, TOP, PLOT, PLOT);
  g.textAlign = "center";
  g.fillText("z" + sub(dim1), LEFT + PLOT / 2, TOP + PLOT + 30);
  g.save(); g.translate(12, TOP + PLOT / 2); g.rotate(-Math.PI / 2); g.fillText("z" + sub(dim2), 0, 0); g.restore();
  g.save();
  g.beginPath(); g.rect(LEFT, TOP, PLOT, PLOT); g.clip();
  g.globalAlpha = 0.75;
  for (var k = 0; k < n; k++) {
    var s = toScreen(codes[k * d + dim1], codes[k * d + dim2]);
    screenX[k] = s[0]; screenY[k] = s[1];
    g.fillStyle = data.palette[data.labels[k] % data.palette.length];
    g.beginPath(); g.arc(s[0], s[1], 2.5, 0, 2 * Math.PI); g.fill();
  }
  g.restore();
}

function inPlot(x, y) { return x >= LEFT && x < LEFT + PLOT && y >= TOP && y < TOP + PLOT; }

function nearest(x, y) {
  var best = -1, bestDistance = HOVER_RADIUS * HOVER_RADIUS;
  for (var k = 0; k < n; k++) {
    var dx = screenX[k] - x, dy = screenY[k] - y, distance = dx * dx + dy * dy;
    if (distance <= bestDistance && inPlot(screenX[k], screenY[k])) { best = k; bestDistance = distance; }
  }
  return best;
}

var pointer = null, hovered = -1, drag = null, selected = -1;

function ring(k, colour) {
  if (k < 0) return;
  ctx.strokeStyle = colour; ctx.lineWidth = 2;
  ctx.beginPath(); ctx.arc(screenX[k], screenY[k], 5, 0, 2 * Math.PI); ctx.stroke();
}

function redraw() {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(backdrop, 0, 0);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  if (d > 2) ring(held, "#2a3f5f");
  ring(selected, "#000");
  ring(hovered, "#555");
  if (drag && drag.to) {
    ctx.strokeStyle = "#000"; ctx.lineWidth = 1.5; ctx.setLineDash([4, 3]);
    ctx.beginPath(); ctx.moveTo(drag.from.x, drag.from.y); ctx.lineTo(drag.to.x, drag.to.y); ctx.stroke();
    ctx.setLineDash([]);
  }
  if (pointer) {
    ctx.strokeStyle = "rgba(0,0,0,0.35)"; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(pointer.x - 8, pointer.y); ctx.lineTo(pointer.x + 8, pointer.y);
    ctx.moveTo(pointer.x, pointer.y - 8); ctx.lineTo(pointer.x, pointer.y + 8); ctx.stroke();
  }
}

// ---- what the pointer decodes ----
var decoded = $("decoded"), readout = $("readout"), tip = $("tip");

function show(code, label) {
  paint(decoded, decode(code));
  root.dataset.code = JSON.stringify(code);
  readout.textContent = label;
}

function showAt(z1, z2) {
  var where = d === 2 ? "z = (" + fmt(z1) + ", " + fmt(z2) + ")"
    : "z" + sub(dim1) + " = " + fmt(z1) + ", z" + sub(dim2) + " = " + fmt(z2) + "; the others at μ of test image #" + data.indices[held];
  show(codeAt(z1, z2), where);
}

function local(event) {
  var box = plane.getBoundingClientRect();
  return { x: (event.clientX - box.left) * CSS / box.width, y: (event.clientY - box.top) * CSS / box.height };
}

// An end of a drag: a test image's μ when it starts or ends on one (the whole code), else the plane point.
function endAt(p) {
  var k = nearest(p.x, p.y), z = fromScreen(p.x, p.y);
  return k >= 0 ? { code: muOf(k), name: "μ of #" + data.indices[k], x: p.x, y: p.y }
    : { code: codeAt(z[0], z[1]), name: "(" + fmt(z[0]) + ", " + fmt(z[1]) + ")", x: p.x, y: p.y };
}

plane.addEventListener("pointermove", function (event) {
  var p = local(event);
  if (!inPlot(p.x, p.y)) { pointer = null; hovered = -1; tip.style.display = "none"; redraw(); return; }
  pointer = p;
  hovered = nearest(p.x, p.y);
  if (hovered >= 0) {
    tip.textContent = pointName(hovered);
    tip.style.left = (p.x + 12) + "px";
    tip.style.top = (p.y - 8) + "px";
    tip.style.display = "block";
  } else {
    tip.style.display = "none";
  }
  if (drag) drag.to = p;
  var z = fromScreen(p.x, p.y);
  showAt(z[0], z[1]);
  redraw();
});

plane.addEventListener("pointerleave", function () { pointer = null; hovered = -1; tip.style.display = "none"; redraw(); });

plane.addEventListener("pointerdown", function (event) {
  var p = local(event);
  if (!inPlot(p.x, p.y)) return;
  drag = { from: p, to: null };
  if (plane.setPointerCapture) try { plane.setPointerCapture(event.pointerId); } catch (e) { /* synthetic events have no capture */ }
});

plane.addEventListener("pointerup", function (event) {
  if (!drag) return;
  var p = local(event), from = drag.from;
  drag = null;
  if (Math.hypot(p.x - from.x, p.y - from.y) >= DRAG_MIN) interpolate(endAt(from), endAt(p));
  else { var k = nearest(p.x, p.y); if (k >= 0) pick(k); }
  redraw();
});

// ---- a clicked test image: its original beside decode(μ); for z > 2 its μ becomes the held code ----
function pick(k) {
  selected = k;
  root.dataset.selected = String(data.indices[k]);
  paint($("original"), originals.subarray(k * PIXELS, (k + 1) * PIXELS));
  paint($("reconstruction"), decode(muOf(k)));
  $("picked").textContent = pointName(k) + ": original (left), reconstruction decode(μ) (right)";
  if (d > 2) setHeld(k);
}

function setHeld(k) {
  held = k;
  $("held").value = String(data.indices[k]);
  if (pointer) { var z = fromScreen(pointer.x, pointer.y); showAt(z[0], z[1]); } else showAt(0, 0);
}

// ---- a drag: the straight line between its ends, decoded at STRIP_STEPS points ----
function interpolate(a, b) {
  var strip = $("strip");
  for (var s = 0; s < STRIP_STEPS; s++) {
    var t = s / (STRIP_STEPS - 1);
    paint(strip, decode(a.code.map(function (v, i) { return (1 - t) * v + t * b.code[i]; })), s * (SIZE + 2));
  }
  root.dataset.strip = JSON.stringify([a.code, b.code]);
  $("strip-label").textContent = "decode((1 − t)·a + t·b), t = 0 … 1: a = " + a.name + ", b = " + b.name;
}

// ---- controls ----
var rangeSelect = $("range");
rangeSelect.addEventListener("change", function () { range = +rangeSelect.value; drawBackdrop(); redraw(); });
if (d > 2) {
  var select1 = $("dim1"), select2 = $("dim2");
  var changeDims = function () {
    if (select1.value === select2.value) { (this === select1 ? select2 : select1).value = String(this === select1 ? dim1 : dim2); }
    dim1 = +select1.value; dim2 = +select2.value;
    drawBackdrop(); showAt(0, 0); redraw();
  };
  select1.addEventListener("change", changeDims);
  select2.addEventListener("change", changeDims);
  $("held").addEventListener("change", function () {
    var k = data.indices.indexOf(+$("held").value);
    if (k >= 0) setHeld(k); else $("held").value = String(data.indices[held]);
    redraw();
  });
}

// For tests and scripts: where a latent point lies on the screen, and how many decodes ran.
root.vaeExplorer = {
  clientPoint: function (z1, z2) {
    var box = plane.getBoundingClientRect(), s = toScreen(z1, z2);
    return { x: box.left + s[0] * box.width / CSS, y: box.top + s[1] * box.height / CSS };
  },
  decodes: function () { return decodes; },
  decode: function (code) { return Array.prototype.slice.call(decode(code)); },
};

drawBackdrop();
showAt(0, 0);
redraw();
