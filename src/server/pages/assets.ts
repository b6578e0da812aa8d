// The dashboard's stylesheet and its one small script, served by the server itself (no CDN; works
// offline). The script only refreshes the live parts of a page when server-sent events arrive.

export const DASHBOARD_CSS = `
:root { --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --line: #d0d7de; --ok: #1a7f37; --bad: #cf222e; --wait: #9a6700; --run: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 10; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
header.top { display: flex; gap: 24px; align-items: center; padding: 10px 24px; background: #24292f; color: #fff; }
header.top a { color: #fff; } .brand { font-weight: 700; font-size: 18px; text-decoration: none; }
header.top nav a { margin-right: 14px; } .who { margin-left: auto; display: flex; gap: 10px; align-items: center; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 24px; margin: 8px 0 4px; } h2 { font-size: 19px; margin-top: 28px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 16px 0 4px; } h4 { font-size: 15px; margin: 10px 0 4px; } h5 { font-size: 14px; margin: 8px 0 2px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; } table.graph td, table.graph th { text-align: center; } table.graph th[scope=row] { text-align: left; }
a { color: #0969da; } a:focus, button:focus, input:focus, textarea:focus, select:focus, summary:focus { outline: 3px solid #fb8500; outline-offset: 2px; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: 0 3px; border-radius: 3px; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 13px; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.s-succeeded, .s-no-changes { color: var(--ok); } .s-failed, .s-rejected, .s-rolled-back { color: var(--bad); }
.s-running { color: var(--run); } .s-waiting, .s-awaiting-approval, .s-warned { color: var(--wait); } .s-cancelled { color: var(--bad); } .s-skipped, .s-superseded, .s-pending { color: var(--muted); }
.none { color: var(--muted); }
.warn { color: var(--bad); } tr.replace td { background: #fff1f0; } tr.drifted td { background: #fff8e5; }
.drift-notice { border-left: 4px solid var(--wait); background: #fff8e5; padding: 4px 12px; margin: 8px 0; }
ol.waves { padding-left: 20px; } ol.waves li { margin: 2px 0; } table.runs td.reason { max-width: 28em; font-size: 13px; }
tr.d1 td:nth-child(2) { padding-left: 20px; } tr.d2 td:nth-child(2) { padding-left: 40px; } tr.d3 td:nth-child(2) { padding-left: 60px; } tr.d4 td:nth-child(2), tr.d5 td:nth-child(2) { padding-left: 80px; }
ul.values { list-style: none; margin: 0; padding: 0; } ul.values li { margin: 1px 0; overflow-wrap: anywhere; } ul.values .before code { background: #ffebe9; } ul.values .after code { background: #dafbe1; }
.security { border-left: 4px solid var(--bad); padding-left: 10px; margin: 8px 0; background: #fffafa; }
.approval { border: 2px solid var(--wait); border-radius: 6px; padding: 8px 16px 14px; margin: 16px 0; background: #fffbeb; }
.approval h2 { border: 0; margin-top: 4px; }
form.decide label, form.login label, form.add-user label { display: block; font-weight: 600; margin: 8px 0 4px; }
textarea, input, select { font: inherit; padding: 6px; border: 1px solid #8c959f; border-radius: 4px; width: 100%; max-width: 560px; }
button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid #8c959f; background: #f6f8fa; cursor: pointer; }
.buttons { display: flex; gap: 12px; margin-top: 10px; } button.approve { background: var(--ok); color: #fff; border-color: var(--ok); }
button.reject { background: #fff; color: var(--bad); border-color: var(--bad); }
.error { color: var(--bad); font-weight: 600; } .note, .hint, .crumbs { color: var(--muted); } .reason { color: var(--muted); }
.created { border: 2px solid var(--ok); padding: 8px 12px; border-radius: 6px; } code.token { font-size: 15px; user-select: all; }
details.events ol { max-height: 320px; overflow: auto; font-size: 13px; }
.counts { font-weight: 400; color: var(--muted); margin-left: 8px; }
`;

export const DASHBOARD_JS = `
(function () {
  'use strict';
  function announce(text) { var a = document.getElementById('announce'); if (a) a.textContent = text; }
  function debounced(fn) {
    var timer = null;
    return function () { if (timer) return; timer = setTimeout(function () { timer = null; fn(); }, 150); };
  }
  var live = document.querySelector('[data-live-run]');
  if (live && window.EventSource) {
    var id = encodeURIComponent(live.getAttribute('data-live-run'));
    var refresh = debounced(function () {
      fetch('/runs/' + id + '/live', { credentials: 'same-origin' }).then(function (res) {
        if (!res.ok) return;
        var status = res.headers.get('x-run-status');
        return res.text().then(function (text) {
          var open = live.querySelector('details[open]') !== null;
          live.innerHTML = text;
          if (open) { var d = live.querySelector('details'); if (d) d.open = true; }
          if (status && status !== live.getAttribute('data-status')) { live.setAttribute('data-status', status); announce('The run is now ' + status.replace('-', ' ')); }
        });
      });
    });
    var es = new EventSource('/api/runs/' + id + '/events?after=' + (live.getAttribute('data-after') || '0'));
    es.onmessage = function (m) {
      var e = {};
      try { e = JSON.parse(m.data); } catch (err) { return; }
      // The approval form and the previews appear with a full render.
      if (e.type === 'awaiting-approval') { es.close(); window.location.reload(); return; }
      refresh();
    };
  }
  var runs = document.querySelector('[data-live-runs]');
  if (runs && window.EventSource) {
    var refreshRuns = debounced(function () {
      fetch('/runs-table', { credentials: 'same-origin' }).then(function (res) { return res.ok ? res.text() : null; }).then(function (t) { if (t !== null) runs.innerHTML = t; });
    });
    var all = new EventSource('/api/events');
    all.onmessage = function (m) { if (m.data.indexOf('"hello"') < 0) refreshRuns(); };
  }
})();
`;
