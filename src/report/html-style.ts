import type { LifecycleEvent } from '../model/record.js';

/** Event colours: failures warm, boots blue, the kubelet's own signals green and ochre. */
const EVENT_COLOURS: Readonly<Record<LifecycleEvent, string>> = {
  boot: '#2b6cb0',
  timeout: '#dd6b20',
  kill: '#c53030',
  oom: '#805ad5',
  exit: '#718096',
  crash: '#b83280',
  probe_fail: '#2c7a7b',
  backoff: '#b7791f',
  restart: '#975a16',
};

const eventRules = Object.entries(EVENT_COLOURS)
  .map(([e, c]) => `.ev-${e} .mk{fill:${c}}.ev-${e} .name{fill:${c}}.key.ev-${e}{background:${c}}`)
  .join('\n');

/**
 * The page's only style sheet, inline: system fonts (nothing fetched), one column that fits a
 * 1280-pixel screen, and print rules (landscape, no section split across pages where avoidable,
 * shading kept).
 */
export const REPORT_CSS = `
:root{--fg:#1a202c;--muted:#5a6474;--line:#d9dee6;--bg:#fff;--alt:#f6f8fb;--signal:#c53030;--context:#718096;--noise:#cbd2dc;--loop:rgba(197,48,48,.13)}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans","Liberation Sans",sans-serif}
main{max-width:1220px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:22px;margin:0 0 2px}
h2{font-size:17px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:14px;margin:0;font-weight:600}
nav{font-size:13px;margin:6px 0 14px}
nav a{margin-right:14px;color:#2b6cb0}
.meta,.muted{color:var(--muted)}
.meta{margin:0}
code,pre,.mono{font-family:ui-monospace,"DejaVu Sans Mono","Liberation Mono",Menlo,monospace;font-size:12.5px}
pre{margin:0;white-space:pre-wrap;word-break:break-word;max-height:12.5em;overflow:auto}
.loopcard{border:1px solid #f1b7b7;border-left:6px solid var(--signal);background:#fff7f7;padding:10px 14px;margin:10px 0;border-radius:4px}
.loopcard h3{color:var(--signal);font-size:15px}
.loopcard dl{display:grid;grid-template-columns:110px 1fr;gap:2px 10px;margin:6px 0 0}
.loopcard dt{color:var(--muted)}
.loopcard dd{margin:0}
.ok{border-left:6px solid #38a169;background:#f3fbf5;padding:10px 14px;border-radius:4px;margin:10px 0}
.figures{display:flex;flex-wrap:wrap;gap:8px 26px;margin:12px 0 4px}
.figure b{display:block;font-size:20px}
.figure span{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.relbar{display:block;width:100%;height:14px;margin:6px 0}
.relbar .signal{fill:var(--signal)}.relbar .context{fill:var(--context)}.relbar .noise{fill:var(--noise)}
.legend{font-size:12px;color:var(--muted);margin:4px 0 10px;display:flex;flex-wrap:wrap;gap:4px 14px;align-items:center}
.key{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.key.loopkey{background:var(--loop);border:1px solid #e3a0a0}
.key.onsetkey{border-left:2px dashed var(--fg);width:2px;border-radius:0}
.pod{border:1px solid var(--line);border-radius:6px;padding:8px 10px 4px;margin:10px 0;break-inside:avoid}
.pod header{display:flex;flex-wrap:wrap;gap:4px 14px;align-items:baseline}
.pod .looping{color:var(--signal);font-weight:600}
.timeline{display:block;margin-top:4px;overflow:visible}
.timeline text{font-size:11px;fill:var(--muted)}
.timeline .tick{text-anchor:middle}
.timeline .grid{stroke:#edf0f4}
.timeline .base{stroke:#e2e6ec}
.timeline .name{text-anchor:end;font-weight:600}
.timeline .loop{fill:var(--loop)}
.timeline .onset line{stroke:var(--fg);stroke-dasharray:3 3}
.timeline .onset path{fill:var(--fg)}
${eventRules}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line)}
th{font-size:12px;color:var(--muted);font-weight:600;background:var(--alt)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.when{white-space:nowrap;font-size:12px;color:var(--muted)}
tr.loop td:first-child{border-left:3px solid var(--signal)}
.why{color:var(--muted);margin-top:3px}
.badge{display:inline-block;font-size:11px;padding:0 5px;border-radius:3px;background:var(--alt);border:1px solid var(--line);margin-right:4px;white-space:nowrap}
.badge.FATAL,.badge.ERROR{background:#fde8e8;border-color:#f5b5b5}
.badge.WARN{background:#fff4e0;border-color:#f3d19c}
footer{margin-top:30px;color:var(--muted);font-size:12px}
@page{size:A4 landscape;margin:10mm}
@media print{
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  body{font-size:10pt}
  main{max-width:none;padding:0}
  nav{display:none}
  pre{max-height:none;overflow:visible}
  h2{break-after:avoid}
  tr,.loopcard{break-inside:avoid}
}
`;
