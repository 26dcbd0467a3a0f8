"""The print edition's typesetter against the usual alternative: the yearly teacher
directory (《年度师资库名录》) set by Typst (what `peixun print` does) and by WeasyPrint
(HTML + CSS paged media, rendered here from the same data), on the national synthetic data
and on the shipped records, with `peixun validate` of the national data as a yardstick.

    .venv/bin/pip install weasyprint      # for this bench only, not a project dependency
    .venv/bin/python bench/print_compare.py [--sizes national,shipped] [--typst-runs 3] [--weasy-runs 1]

The records are loaded and the directory's data built once per size (print/contents.py's directory,
scope national), then written to bench/out/print-compare/<size>/data.json. Every
typesetting run is a fresh process (this script with --worker) that reads that JSON and
times only the typesetting: for Typst the call `typeset.typeset("directory.typ", data,
when)` (font loading, layout, PDF); for WeasyPrint the HTML → PDF (parse, layout, PDF),
with the time spent making the HTML string shown apart. Peak memory is the worker's high
water mark (VmHWM, read while it runs, so a run stopped by the timeout still has one);
pages come from pdfinfo. The PDFs and the HTML stay in bench/out/print-compare/ to look at.

WeasyPrint's HTML copies the Typst layout: A4, the same margins, Noto Serif CJK SC 9.5 pt
body, Noto Sans CJK SC headings, running header (title, edition) over a rule, footer
“第 N 页　共 M 页”, no header or footer on the cover, contents with page numbers, the rules
page, per pool the summary box and the 7-column table (same column widths) whose header
repeats on every page, the shared list and the changes table. Fonts come from fontconfig
(Debian's fonts-noto-cjk, the same .ttc files Typst is given). Every text is escaped with
html.escape.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT))

MB = 1048576  # sizes as size_text writes them (1 MB = 1024 KB)


# ---------------------------------------------------------------------------------------
# The directory as HTML + CSS paged media (WeasyPrint)

def _e(text) -> str:
    return html.escape(str(text), quote=True)


# Column widths of directory.typ on a 174 mm (493.2 pt) text width at 8 pt:
# (4.4em, 1.5fr, 7em, 1fr, 1.3fr, 3.4em, 0.7fr) -> percentages of the width.
def _widths(spec: list, size_pt: float = 8.0, width_pt: float = 493.2) -> list[float]:
    fixed = sum(v * size_pt for kind, v in spec if kind == "em")
    fr = sum(v for kind, v in spec if kind == "fr")
    per_fr = (width_pt - fixed) / fr if fr else 0
    return [100 * (v * size_pt if kind == "em" else v * per_fr) / width_pt for kind, v in spec]


TEACHER_COLS = _widths([("em", 4.4), ("fr", 1.5), ("em", 7), ("fr", 1), ("fr", 1.3), ("em", 3.4), ("fr", 0.7)])
CHANGE_COLS = _widths([("em", 5), ("em", 5), ("fr", 1)])

CSS = """
@page {
  size: A4;
  margin: 2.2cm 1.8cm 2cm 1.8cm;
  @top-center {
    content: element(runhead);
    width: 100%;
    vertical-align: bottom;
  }
  @bottom-center {
    content: "第 " counter(page) " 页　共 " counter(pages) " 页";
    font-family: "Noto Sans CJK SC";
    font-size: 7.5pt;
    color: #5a5a5a;
    vertical-align: top;
    padding-top: 6mm;  /* footer-descent: 30 % */
  }
}
@page :first {
  @top-center { content: none; }
  @bottom-center { content: none; }
}
html { font-family: "Noto Serif CJK SC"; font-size: 9.5pt; line-height: 1.5; }
body { margin: 0; text-align: justify; }
.runhead {
  position: running(runhead);
  display: flex; justify-content: space-between;
  font-family: "Noto Sans CJK SC"; font-size: 7.5pt; color: #5a5a5a; line-height: 1.3;
  border-bottom: 0.4pt solid #a0a0a0; padding-bottom: 2pt; text-align: left;
  margin-bottom: 6.6mm;  /* Typst's header-ascent: 30 % of the margin */
}
h1, h2 { font-family: "Noto Sans CJK SC"; font-weight: bold; break-after: avoid; }
h1 { font-size: 15pt; color: #9b1c1c; margin: 0.6em 0 0.9em; }
h2 { font-size: 11pt; margin: 1.2em 0 0.6em; }
.cover { padding-top: 6cm; text-align: center; break-after: page; }
.cover p { margin: 0; }
.cover .org { font-family: "Noto Sans CJK SC"; font-size: 12pt; color: #505050; }
.cover .title { font-family: "Noto Sans CJK SC"; font-size: 24pt; font-weight: bold; color: #9b1c1c; margin-top: 1.2cm; line-height: 1.3; }
.cover .edition { font-size: 13pt; margin-top: 1.2cm; }
.cover .built { font-size: 10pt; color: #505050; margin-top: 12.4cm; }  /* Typst: v(1fr), then 2 cm to the bottom */
.toc { break-after: page; }
.toc ul { list-style: none; margin: 0; padding: 0; }
.toc a { color: inherit; text-decoration: none; }
.toc a::after { content: leader(".") target-counter(attr(href), page); }
section.pool { break-before: page; }
.summary { background: #f5f5f5; padding: 8pt; border-radius: 2pt; font-size: 9pt; margin: 0 0 0.8em; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 8pt; text-align: left; margin: 0 0 0.8em; }
ol { margin: 0.6em 0; padding-left: 1.8em; }
/* Typst's inset is 3 pt around a line box of cap height; a CSS line box carries the
   half-leading (0.75em at line-height 1.5) itself, so 3 pt above and below it would make every
   row about 6 pt taller than Typst's */
th, td { padding: 0 3pt; vertical-align: top; border-bottom: 0.3pt solid #c8c8c8; }
th, tr.first td { font-family: "Noto Sans CJK SC"; font-weight: bold; border-bottom: 0.6pt solid black; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.nb { white-space: nowrap; }
/* (1fr, auto, 1fr, auto, 1fr, auto): the counts as narrow as they are */
table.from { table-layout: auto; }
table.from col.pool { width: 33%; }
table.from td.n { width: 1%; white-space: nowrap; }
"""


def _whole(items) -> str:
    """Items of a list each kept whole on a line, joined by 、 (a line breaks between items)."""
    return "、".join(f'<span class="nb">{_e(x)}</span>' for x in items)


def _colgroup(widths) -> str:
    return "<colgroup>" + "".join(f'<col style="width:{w:.3f}%">' for w in widths) + "</colgroup>"


def directory_html(d: dict) -> str:
    out = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{_e(d['title'])}</title>",
        '<meta name="author" content="组工干部教育培训资源库">',
        f"<style>{CSS}</style></head><body>",
        # the running header: first shown on page 2 (the cover's page hides it)
        f'<div class="runhead"><span>{_e(d["title"])}</span><span>{_e(d["edition"])} 年版</span></div>',
        '<div class="cover">',
        '<p class="org">组工干部教育培训资源库</p>',
        f'<p class="title">{_e(d["title"])}</p>',
        f'<p class="edition">{_e(d["edition"])} 年版　·　{_e(d["scope"])}</p>',
        f'<p class="built">生成日期：{_e(d["built"])}</p>',
        "</div>",
        '<nav class="toc"><h1>目　录</h1><ul>',
        '<li><a href="#rules">师资库动态管理规则</a></li>',
    ]
    out += [f'<li><a href="#s{i}">{_e(s["title"])}</a></li>' for i, s in enumerate(d["sections"])]
    out.append("</ul></nav>")
    out.append('<h1 id="rules">师资库动态管理规则</h1>')
    out.append(f"<p>本名录按下列规则，从各教师的入库、复核、暂停、调动和共享记录中算出，列出 {_e(d['edition'])} 年列入名录的教师，共 {_e(d['total'])} 人。</p>")
    out.append("<ol>" + "".join(f"<li>{_e(r)}</li>" for r in d["rules"]) + "</ol>")
    for i, s in enumerate(d["sections"]):
        states = "，".join(f"{_e(k)} {_e(n)} 人" for k, n in s["states"])
        counts = "，".join(f"{_e(k)} {_e(n)}" for k, n in s["counts"]) or "无"
        out.append(f'<section class="pool"><h1 id="s{i}">{_e(s["title"])}</h1>')
        out.append(f'<div class="summary">负责部门：{_e(s["owner"])}<br>'
                   f'{_e(d["edition"])} 年列入名录 {_e(s["listed"])} 人（{states}）；共享到本库 {_e(s["shared_in"])} 人。<br>'
                   f"本年变化：{counts}。</div>")
        if s["rows"]:
            out.append("<table>" + _colgroup(TEACHER_COLS))
            out.append("<thead><tr><th>姓名</th><th>工作单位及职务</th><th>师资来源</th><th>擅长领域</th><th>讲授课程</th><th>状态</th><th>共享范围</th></tr></thead><tbody>")
            out += [f'<tr><td>{_e(r["name"])}</td><td>{_e(r["unit"])}</td><td>{_e(r["source"])}</td>'
                    f'<td>{_whole(r["expertise"])}</td><td>{_e(r["courses"])}</td><td>{_e(r["state"])}</td><td>{_whole(r["shared"])}</td></tr>'
                    for r in s["rows"]]
            out.append("</tbody></table>")
        if s["shared"]:
            out.append("<h2>共享到本库的教师</h2><table>" + _colgroup([100 / 6] * 6) + "<tbody>")
            cells = [f"<td>{_e(t['name'])}（{_e(t['pool'])}）</td>" for t in s["shared"]]
            for j in range(0, len(cells), 6):
                # directory.typ styles row 0 of every table as a header (sans, bold, heavier
                # rule), this header-less one too: copied, so both engines set the same thing
                cls = ' class="first"' if j == 0 else ""
                out.append(f"<tr{cls}>" + "".join(cells[j:j + 6]) + "<td></td>" * (6 - len(cells[j:j + 6])) + "</tr>")
            out.append("</tbody></table>")
        elif s.get("shared_in"):
            # many: counted by the pool they come from (contents.SHARED_NAMED)
            out.append(f"<h2>共享到本库的教师</h2><p>共 {_e(s['shared_in'])} 人，各列在所属师资库的名录中（“共享范围”一栏）。按所属师资库：</p>")
            out.append('<table class="from"><colgroup>' + '<col class="pool"><col class="n">' * 3 + "</colgroup><tbody>")
            cells = [f'<td>{_e(p)}</td><td class="n">{_e(n)} 人</td>' for p, n in s.get("shared_from", [])]
            for j in range(0, len(cells), 3):
                cls = ' class="first"' if j == 0 else ""
                out.append(f"<tr{cls}>" + "".join(cells[j:j + 3]) + "<td></td><td></td>" * (3 - len(cells[j:j + 3])) + "</tr>")
            out.append("</tbody></table>")
        if s["changes"]:
            out.append(f"<h2>{_e(d['edition'])} 年的变化</h2><table>" + _colgroup(CHANGE_COLS))
            out.append("<thead><tr><th>变化</th><th>姓名</th><th>说明</th></tr></thead><tbody>")
            out += [f"<tr><td>{_e(c['kind'])}</td><td>{_e(c['name'])}</td><td>{_e(c['detail'])}</td></tr>" for c in s["changes"]]
            out.append("</tbody></table>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Workers: one fresh process per run, timing only the typesetting

def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _self_hwm_kb() -> int:
    """This process's peak RSS since its exec (VmHWM). Not ru_maxrss: Linux carries that
    over from the parent across fork and exec, and the parent holds the loaded records."""
    return _hwm_kb(os.getpid())


def worker(engine: str, data_json: Path, pdf_path: Path) -> None:
    import datetime

    bundle = json.loads(data_json.read_text(encoding="utf-8"))
    data = bundle["data"]
    when = datetime.datetime.fromtimestamp(bundle["timestamp"], datetime.timezone.utc)
    report: dict = {}
    if engine == "typst":
        from generator.publish.print import typeset

        report["rss_before_kb"] = _self_hwm_kb()
        c0, t0 = _cpu(), time.perf_counter()
        pdf = typeset.typeset("directory.typ", data, when)
        report["seconds"] = time.perf_counter() - t0
        report["cpu"] = _cpu() - c0
    else:
        import weasyprint

        t0 = time.perf_counter()
        page = directory_html(data)
        report["html_seconds"] = time.perf_counter() - t0
        pdf_path.with_suffix(".html").write_text(page, encoding="utf-8")
        report["rss_before_kb"] = _self_hwm_kb()
        c0, t0 = _cpu(), time.perf_counter()
        document = weasyprint.HTML(string=page, base_url=str(pdf_path.parent)).render()
        t1 = time.perf_counter()
        report["layout_seconds"] = t1 - t0
        pdf = document.write_pdf()
        report["write_seconds"] = time.perf_counter() - t1
        report["seconds"] = time.perf_counter() - t0
        report["cpu"] = _cpu() - c0
        report["weasyprint"] = weasyprint.__version__
    pdf_path.write_bytes(pdf)
    report["peak_kb"] = _self_hwm_kb()
    print("REPORT=" + json.dumps(report))


def _hwm_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    m = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(m.group(1)) if m else 0


def run_worker(engine: str, data_json: Path, pdf_path: Path, timeout: float) -> dict:
    """A fresh process; its report, or {timeout: True} with the memory seen until then."""
    pdf_path.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", engine, "--json", str(data_json), "--pdf", str(pdf_path)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while True:
        try:
            stdout, stderr = proc.communicate(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            peak = max(peak, _hwm_kb(proc.pid))
            if time.perf_counter() - start > timeout:
                proc.kill()  # only the worker this function started
                proc.communicate()
                return {"timeout": True, "seconds": time.perf_counter() - start, "peak_kb": peak}
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{engine} 失败（退出码 {proc.returncode}）：\n{stderr[-3000:]}")
    report = json.loads(re.search(r"^REPORT=(.*)$", stdout, re.M).group(1))
    report["peak_kb"] = max(peak, report["peak_kb"])
    report["process_seconds"] = wall
    report["pages"] = pdf_pages(pdf_path)
    report["bytes"] = pdf_path.stat().st_size
    report["fonts"] = pdf_fonts(pdf_path)
    return report


def pdf_pages(path: Path) -> int:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", done.stdout, re.M).group(1))


def pdf_fonts(path: Path) -> list[str]:
    """The fonts the PDF embeds, without the subset prefix (ABCDEF+NotoSerifCJKsc-Regular)."""
    if not shutil.which("pdffonts"):
        return []
    done = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True)
    names = {line.split()[0].split("+")[-1] for line in done.stdout.splitlines()[2:] if line.strip()}
    return sorted(names)


# ---------------------------------------------------------------------------------------
# Preparing the data, the yardstick

SIZES = {"national": HERE / "out" / "national", "shipped": PROJECT}


def prepare(size: str, work: Path) -> dict:
    """Load the records like `peixun print` (generator/cli/pdf.py), build the directory's data once."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from generator.publish.print import contents, typeset
    from generator.publish.settings import read_settings
    from generator.publish.views import build_views
    from generator.records.catalog import load_or_fail
    from generator.records import vocab as V

    root = SIZES[size]
    if size == "national" and not (root / "catalog").is_dir():
        print("生成全国规模合成数据……", flush=True)
        subprocess.run([sys.executable, str(HERE / "synth.py"), "--scale", "national", "--out", str(root)], check=True)
    t0 = time.perf_counter()
    settings = read_settings(PROJECT / "mkdocs.yml")
    result = load_or_fail(root, "无法测量")
    t1 = time.perf_counter()
    views = build_views(result.catalog.public(), settings.edition, settings.rules, targets=None)
    t2 = time.perf_counter()
    built, when = typeset.built_date(views.edition)
    data = contents.directory(views, V.NATIONAL, built)
    t3 = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    path = work / "data.json"
    path.write_text(json.dumps({"data": data, "timestamp": int(when.timestamp())}, ensure_ascii=False), encoding="utf-8")
    rows = sum(len(s["rows"]) for s in data["sections"])
    return {
        "json": path,
        "teachers": len(result.catalog["teacher"]),
        "listed": data["total"],
        "rows": rows,
        "shared": sum(len(s["shared"]) for s in data["sections"]),
        "shared_in": sum(s["shared_in"] for s in data["sections"]),
        "changes": sum(len(s["changes"]) for s in data["sections"]),
        "sections": len(data["sections"]),
        "load_seconds": t1 - t0,
        "views_seconds": t2 - t1,
        "data_seconds": t3 - t2,
        "json_mb": path.stat().st_size / MB,
    }


_WRAP = (
    "import resource, subprocess, sys; "
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stderr.write('PEAK_KB=%d RC=%d\\n' % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode))"
)


def yardstick(data: Path) -> dict:
    """`peixun validate --data <national>`, once, in a fresh process (peak: its largest process)."""
    peixun = str(Path(sys.executable).parent / "peixun")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAP, peixun, "validate", "--data", str(data)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    m = re.search(r"PEAK_KB=(\d+) RC=(-?\d+)", done.stderr)
    return {"seconds": seconds, "peak_kb": int(m.group(1)), "rc": int(m.group(2))}


# ---------------------------------------------------------------------------------------

def _line(engine: str, r: dict) -> str:
    if r.get("timeout"):
        return f"  {engine:10} 超时：{r['seconds']:.0f} s 后停止，此前峰值内存 {r['peak_kb'] / 1024:.0f} MB"
    extra = ""
    if "layout_seconds" in r:
        extra = f"（排版 {r['layout_seconds']:.1f} + 写 PDF {r['write_seconds']:.1f} s；另生成 HTML {r['html_seconds']:.1f} s）"
    return (f"  {engine:10} {r['seconds']:7.2f} s{extra}  CPU {r['cpu']:.1f} s  进程 {r['process_seconds']:.1f} s  "
            f"{r['pages']} 页  {r['bytes'] / MB:.2f} MB  峰值内存 {r['peak_kb'] / 1024:.0f} MB（排版前 {r['rss_before_kb'] / 1024:.0f} MB）")


def _summary(engine: str, runs: list[dict]) -> dict:
    ok = [r for r in runs if not r.get("timeout")]
    if not ok:
        return runs[0]
    best = dict(min(ok, key=lambda r: r["seconds"]))
    best["median"] = statistics.median(r["seconds"] for r in ok)
    best["runs"] = [r["seconds"] for r in ok]
    best["peak_kb"] = max(r["peak_kb"] for r in ok)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description="比较 Typst 与 WeasyPrint 排印《年度师资库名录》的耗时、页数、文件大小和峰值内存。")
    parser.add_argument("--sizes", default="national,shipped", help="逗号分隔：national（全国合成数据）、shipped（项目自带的记录）")
    parser.add_argument("--typst-runs", type=int, default=3)
    parser.add_argument("--weasy-runs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600, help="每次排印最多多少秒（超时即停止并记为超时）")
    parser.add_argument("--skip-weasyprint", action="store_true")
    parser.add_argument("--skip-validate", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "print-compare")
    parser.add_argument("--worker", choices=["typst", "weasyprint"], help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--pdf", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.json, args.pdf)
        return
    if not args.skip_weasyprint:
        try:
            import weasyprint  # noqa: F401
        except (ImportError, OSError) as exc:
            sys.exit(f"WeasyPrint 不可用（{exc}）：.venv/bin/pip install weasyprint；它需要 Debian 的 libpango-1.0-0 和 libpangoft2-1.0-0。")

    head = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(PROJECT), "status", "--porcelain", "--", "generator"], capture_output=True, text=True).stdout.strip()
    print(f"代码版本 {head or '?'}{'（generator/ 有未提交的修改）' if dirty else ''}；CPU {os.cpu_count()} 核，Python {sys.version.split()[0]}", flush=True)
    results: dict = {}
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        work = args.out / size
        info = prepare(size, work)
        print(f"\n{size}：{info['teachers']} 名教师，名录列入 {info['listed']} 人，"
              f"{info['sections']} 个师资库，共享到各库 {info['shared_in']} 人次（列出姓名 {info['shared']} 条），变化 {info['changes']} 条；"
              f"加载 {info['load_seconds']:.1f} s，视图 {info['views_seconds']:.1f} s，名录数据 {info['data_seconds']:.2f} s（JSON {info['json_mb']:.1f} MB）", flush=True)
        runs: dict[str, list] = {"typst": [], "weasyprint": []}
        for i in range(args.typst_runs):
            r = run_worker("typst", info["json"], work / "typst.pdf", args.timeout)
            runs["typst"].append(r)
            print(_line(f"typst#{i + 1}", r), flush=True)
        if not args.skip_weasyprint:
            for i in range(args.weasy_runs):
                r = run_worker("weasyprint", info["json"], work / "weasyprint.pdf", args.timeout)
                runs["weasyprint"].append(r)
                print(_line(f"weasy#{i + 1}", r), flush=True)
                if r.get("timeout"):
                    break
        results[size] = {"info": info, **{k: _summary(k, v) for k, v in runs.items() if v}}
        for engine in ("typst", "weasyprint"):
            r = results[size].get(engine)
            if r and not r.get("timeout"):
                print(f"  {engine} 使用的字体：{'、'.join(r['fonts']) or '（未检查）'}")
    stick = None
    if not args.skip_validate and "national" in results:
        stick = yardstick(SIZES["national"])
        print(f"\n参照：peixun validate --data bench/out/national  {stick['seconds']:.2f} s，峰值内存 {stick['peak_kb'] / 1024:.0f} MB，退出码 {stick['rc']}", flush=True)

    print("\n===== 小结 =====")
    for size, res in results.items():
        label = {"national": "全国规模（合成数据）", "shipped": "项目自带数据"}.get(size, size)
        print(f"{label}：名录列入 {res['info']['listed']} 人")
        for engine, name in (("typst", "Typst"), ("weasyprint", "WeasyPrint")):
            r = res.get(engine)
            if r is None:
                continue
            if r.get("timeout"):
                print(f"  {name}：超过 {args.timeout:.0f} s 未完成，已停止（峰值内存至少 {r['peak_kb'] / 1024:.0f} MB）")
                continue
            times = "、".join(f"{t:.1f}" for t in r["runs"])
            mid = f"，中位数 {r['median']:.1f} s" if len(r["runs"]) > 1 else ""
            print(f"  {name}：最快 {r['seconds']:.1f} s{mid}（{len(r['runs'])} 次：{times} s），{r['pages']} 页，{r['bytes'] / MB:.1f} MB，峰值内存 {r['peak_kb'] / 1024:.0f} MB")
        t, w = res.get("typst"), res.get("weasyprint")
        if t and w and not t.get("timeout"):
            if w.get("timeout"):
                print(f"  WeasyPrint 至少慢 {w['seconds'] / t['seconds']:.0f} 倍")
            else:
                print(f"  WeasyPrint 用时为 Typst 的 {w['seconds'] / t['seconds']:.1f} 倍，内存为 {w['peak_kb'] / t['peak_kb']:.1f} 倍")
    if stick:
        print(f"参照：全国规模 peixun validate {stick['seconds']:.1f} s，峰值内存 {stick['peak_kb'] / 1024:.0f} MB")
    print(f"PDF 与 HTML 在 {args.out}/ 中。每次排印都是新进程，只计排印本身（Typst：typeset.typeset；WeasyPrint：HTML → PDF）。")


if __name__ == "__main__":
    main()
