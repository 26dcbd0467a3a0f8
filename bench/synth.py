"""Write a deterministic synthetic data set for benchmarks: same scale and seed, same bytes.

    python bench/synth.py --scale national --out bench/out/national

Every record is valid and every reference resolves, so a clean ``peixun validate`` is the
baseline; teachers carry yearly reviews, suspensions, exits, moves and sharing.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.records import vocab as V  # noqa: E402

SCALES = {
    # name: (provincial pools, teachers per province, national teachers, courses, bases, textbooks)
    "small": (3, 40, 80, 60, 20, 10),
    "province": (1, 1000, 1500, 600, 120, 40),
    "national": (31, 1000, 1500, 3000, 600, 200),
    # national × 2 and × 3 (everything grows): how time and memory grow towards a county-level
    # pool (about 280,000 teachers, 8.6× national), which this machine cannot build
    "national2x": (31, 2000, 3000, 6000, 1200, 400),
    "national3x": (31, 3000, 4500, 9000, 1800, 600),
}

PROGRAMMES_PER_PROVINCE = 3  # a year: the national scale has about 380 programmes

SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"),
    ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("林", "lin"), ("罗", "luo"), ("高", "gao"), ("郑", "zheng"), ("梁", "liang"),
    ("谢", "xie"), ("宋", "song"), ("唐", "tang"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("袁", "yuan"), ("潘", "pan"), ("蒋", "jiang"), ("蔡", "cai"), ("余", "yu"), ("杜", "du"),
    ("叶", "ye"), ("程", "cheng"), ("苏", "su"), ("魏", "wei"), ("丁", "ding"), ("任", "ren"), ("沈", "shen"),
    ("姚", "yao"), ("卢", "lu"), ("崔", "cui"), ("钟", "zhong"), ("谭", "tan"), ("范", "fan"), ("金", "jin"),
]
GIVEN = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("磊", "lei"),
    ("洋", "yang"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"),
    ("霞", "xia"), ("平", "ping"), ("建华", "jianhua"), ("志强", "zhiqiang"), ("海燕", "haiyan"), ("晓东", "xiaodong"),
    ("文博", "wenbo"), ("思远", "siyuan"), ("立新", "lixin"), ("红梅", "hongmei"), ("春生", "chunsheng"),
    ("卫东", "weidong"), ("雪梅", "xuemei"), ("振华", "zhenhua"), ("宏伟", "hongwei"), ("玉兰", "yulan"),
    ("德明", "deming"), ("亚男", "yanan"), ("晓峰", "xiaofeng"), ("国华", "guohua"), ("文静", "wenjing"),
    ("海涛", "haitao"), ("俊杰", "junjie"), ("晨", "chen"), ("宁", "ning"), ("琳", "lin"), ("欣", "xin"),
    ("颖", "ying"), ("斌", "bin"), ("峰", "feng"), ("鹏", "peng"), ("辉", "hui"), ("健", "jian"), ("瑞", "rui"),
    ("凯", "kai"), ("慧", "hui"), ("雯", "wen"), ("蕾", "lei"), ("晶", "jing"), ("萍", "ping"), ("群", "qun"),
]
TOPICS = {
    "理论武装": ["党章", "党史", "中国特色社会主义", "马克思主义基本原理", "十八大精神", "改革开放史", "理想信念"],
    "党性教育": ["公道正派", "群众路线", "作风建设", "党性修养", "革命传统", "组工文化", "廉洁自律"],
    "组织工作业务": ["干部选拔任用", "干部考核", "干部监督", "基层党建", "发展党员", "人才工作", "干部档案", "组织员工作"],
    "新知识新技能": ["市场经济", "国际关系", "现代管理", "信息技术", "数据分析", "网络舆情", "公共危机应对"],
    "人文素养": ["哲学", "中国历史", "法律基础", "心理调适", "传统文化", "文学修养"],
}
SUFFIX = ["专题", "实务", "案例研讨", "能力提升", "专题讲座", "工作方法", "理论与实践", "现场教学"]
UNITS = ["组织部", "党校", "社会科学院", "行政学院", "机关工委", "组织部干部一处", "组织部组织二处", "组织部研究室"]
POSITIONS = ["副部长", "处长", "副处长", "调研员", "教授", "副教授", "研究员", "科长", "党委书记"]
BIO = [
    "长期从事{t}方面的工作，熟悉相关政策规定和工作流程，多次为市县组织部门干部授课。",
    "主要研究{t}，主持和参与多项课题，注重把研究成果转化为教学内容。",
    "在基层一线工作多年，围绕{t}积累了丰富的实践经验，讲课生动，贴近实际。",
    "先后在多个岗位任职，对{t}有系统思考，擅长结合典型案例开展研讨式教学。",
]
SUMMARY = "本课程围绕{t}展开，结合各地实践介绍主要做法和经验，帮助学员提高运用所学解决实际问题的能力。"


def _q(value) -> str:
    return f'"{value}"'


def _list(values) -> str:
    return "[" + ", ".join(values) + "]"


class Synth:
    def __init__(self, scale: str, seed: int):
        self.rng = random.Random(f"{scale}-{seed}")
        self.scale = scale
        self.seed = seed
        (self.n_prov, self.per_prov, self.n_nat, self.n_courses, self.n_bases, self.n_books) = SCALES[scale]
        codes = [c for c in V.PROVINCES if c != "660000"]
        self.pools = [V.NATIONAL] + codes[: self.n_prov]
        self.depts = ["zzb"] + [f"dept-{c}" for c in V.PROVINCES]
        self.files: dict[str, str] = {}
        self.roster: dict[str, list[tuple[str, int]]] = {}  # pool -> (teacher id, entry year)

    def add(self, rel: str, lines: list[str]) -> None:
        self.files[rel] = "\n".join(lines) + "\n"

    def departments(self) -> None:
        self.add(
            "catalog/departments/zzb.yml",
            ["id: zzb", "name: 中共中央组织部", "short_name: 中央组织部", "level: 中央", "type: 党委组织部", "pool: national", "maintainers: [peixun-zzb]"],
        )
        for code, (name, short) in V.PROVINCES.items():
            self.add(
                f"catalog/departments/dept-{code}.yml",
                [f"id: dept-{code}", f"name: {name}党委组织部", f"short_name: {short}组织部", "level: 省", "type: 党委组织部",
                 f"province: {_q(code)}", "parent: zzb", f"pool: {_q(code)}", f"maintainers: [peixun-{code[:2]}]"],
            )

    def catalog(self) -> None:
        rng = self.rng
        cats = V.CATEGORY.values
        self.courses = [f"course-{i:05d}" for i in range(self.n_courses)]
        self.bases = [f"base-{i:04d}" for i in range(self.n_bases)]
        self.books = [f"book-{i:04d}" for i in range(self.n_books)]
        self.course_teachers: dict[str, list[str]] = {c: [] for c in self.courses}
        provinces = list(V.PROVINCES)
        for i, bid in enumerate(self.books):
            cat = cats[i % len(cats)]
            status = rng.choice(V.TEXTBOOK_STATUS.values)
            lines = [f"id: {bid}", f"title: {rng.choice(TOPICS[cat])}{rng.choice(['读本', '教程', '案例选编', '讲义'])}（{i + 1}）",
                     f"kind: {rng.choice(V.TEXTBOOK_KIND.values)}", f"status: {status}", f"department: {rng.choice(self.depts)}",
                     f"summary: 供组工干部学习{rng.choice(TOPICS[cat])}使用的教材。"]
            lines.append(f"year: {rng.randint(2013, 2017)}" if status == "已出版" else f"due: {rng.randint(2014, 2019)}")
            self.add(f"catalog/textbooks/{bid}.yml", lines)
        for i, bid in enumerate(self.bases):
            code = rng.choice(provinces)
            btype = V.BASE_TYPE.values[i % len(V.BASE_TYPE.values)]
            name = V.PROVINCES[code][1]
            self.add(
                f"catalog/bases/{bid}.yml",
                [f"id: {bid}", f"name: {name}第{i + 1}{btype}", f"type: {btype}", f"province: {_q(code)}", f"city: {name}某市",
                 f"themes: {_list(rng.sample(TOPICS[rng.choice(cats)], 2))}", f"capacity: {rng.randint(50, 800)}",
                 f"department: dept-{code}", f"since: {rng.randint(1980, 2016)}", "summary: 承担组工干部现场教学和专题培训任务的基地。",
                 "contact:", f"  phone: {_q(f'000-0000-{i:04d}')}", f"  email: base{i}@example.org"],
            )

    def teachers(self) -> None:
        rng = self.rng
        used: dict[str, int] = {}
        cats = V.CATEGORY.values
        for pool in self.pools:
            count = self.n_nat if pool == V.NATIONAL else self.per_prov
            others = [p for p in self.pools if p != pool]
            for _ in range(count):
                (sh, sp), (gh, gp) = rng.choice(SURNAMES), rng.choice(GIVEN)
                base = f"{sp}-{gp}"
                used[base] = used.get(base, 0) + 1
                tid = base if used[base] == 1 else f"{base}-{used[base]}"
                cat = rng.choice(cats)
                topic = rng.choice(TOPICS[cat])
                taught = rng.sample(self.courses, rng.randint(1, 3))
                for c in taught:
                    if len(self.course_teachers[c]) < 6:
                        self.course_teachers[c].append(tid)
                entry = rng.choice([2014, 2014, 2015, 2015, 2015, 2016, 2017])
                lines = [f"id: {tid}", f"name: {sh}{gh}", f"pool: {_q(pool)}",
                         f"unit: {V.PROVINCES.get(pool, ('中央',))[0]}{rng.choice(UNITS)}", f"position: {rng.choice(POSITIONS)}",
                         f"source: {rng.choice(V.SOURCE.values)}", f"expertise: {_list(rng.sample(TOPICS[cat], 2))}",
                         f"courses: {_list(taught)}", f"entry_year: {entry}"]
                lines += self._history(entry, pool, others)
                lines.append(f"bio: {rng.choice(BIO).format(t=topic)}")
                if rng.random() < 0.7:
                    lines += ["contact:", f"  phone: {_q(f'000-{rng.randint(0, 9999):04d}-{rng.randint(0, 9999):04d}')}",
                              f"  email: {tid}@example.org"]
                self.add(f"teachers/{pool}/{tid}.yml", lines)
                self.roster.setdefault(pool, []).append((tid, entry))

    def _history(self, entry: int, pool: str, others: list[str]) -> list[str]:
        rng = self.rng
        out: list[str] = []
        exit_year = None
        status: list[tuple[int, str, str]] = []
        roll = rng.random()
        if roll < 0.05 and entry < 2017:
            exit_year = rng.randint(entry + 1, 2017)
            status.append((exit_year, "退出", rng.choice(["退休", "工作调动", "本人申请"])))
        elif roll < 0.12 and entry < 2017:
            year = rng.randint(entry + 1, 2017)
            status.append((year, "暂停", "挂职锻炼"))
            if year < 2017 and rng.random() < 0.5:
                status.append((year + 1, "在库", "恢复授课"))
        last = (exit_year - 1) if exit_year else 2017
        skip = rng.randint(entry, last) if rng.random() < 0.1 else None
        reviews = [y for y in range(entry, last + 1) if y != skip]
        if reviews:
            out.append("reviews:")
            for y in reviews:
                out += [f"  - year: {y}", f"    result: {rng.choices(V.REVIEW_RESULT.values, weights=[90, 8, 2])[0]}"]
        if status:
            out.append("status_changes:")
            for y, s, why in status:
                out += [f"  - year: {y}", f"    status: {s}", f"    reason: {why}"]
        move_year = None
        if others and entry < 2017 and rng.random() < 0.03:
            move_year = rng.randint(entry + 1, exit_year or 2017)
            out += ["moves:", f"  - year: {move_year}", f"    from: {_q(rng.choice(others))}", f"    to: {_q(pool)}", "    reason: 工作调动"]
        if rng.random() < 0.15:
            year = max(entry, move_year or entry)
            scope = rng.choice([["all"], [V.NATIONAL] if pool != V.NATIONAL else ["all"], [rng.choice(others)] if others else ["all"]])
            out += ["sharing:", f"  - year: {year}", f"    scope: {_list(_q(s) for s in scope)}"]
        return out

    def finish_courses(self) -> None:
        rng = self.rng
        for i, cid in enumerate(self.courses):
            cat = V.CATEGORY.values[i % len(V.CATEGORY.values)]
            topic = rng.choice(TOPICS[cat])
            related = [c for c in rng.sample(self.courses, 2) if c != cid]
            lines = [f"id: {cid}", f"title: {topic}{rng.choice(SUFFIX)}", f"category: {cat}", f"topics: {_list([topic])}",
                     f"methods: {_list(rng.sample(V.METHOD.values, rng.randint(1, 2)))}", "audience:",
                     f"  levels: {_list(rng.sample(V.AUDIENCE_LEVEL.values, 2))}", f"  roles: {_list(rng.sample(V.AUDIENCE_ROLE.values, 2))}",
                     f"hours: {rng.choice([2, 3, 4, 6, 8, 16])}", f"business_training: {'true' if cat == '组织工作业务' else 'false'}",
                     f"delivery: {_list(rng.sample(V.DELIVERY.values, rng.randint(1, 2)))}", f"provider: {rng.choice(self.depts)}",
                     f"teachers: {_list(self.course_teachers[cid])}", f"textbooks: {_list(rng.sample(self.books, rng.randint(0, 2)))}",
                     f"bases: {_list(rng.sample(self.bases, rng.randint(0, 2)))}", f"related: {_list(related)}",
                     f"summary: {SUMMARY.format(t=topic)}", f"status: {rng.choice(V.COURSE_STATUS.values)}",
                     f"since: {rng.randint(2013, 2017)}"]
            self.add(f"catalog/courses/{cid}.yml", lines)

    def programmes(self) -> None:
        """Each year: the central 师资培训 (teachers of the pools named as trainees) and
        培训工作者培训, and PROGRAMMES_PER_PROVINCE of each provincial pool's own. A generator
        of its own, so the other records stay the same bytes as before programmes existed."""
        rng = random.Random(f"{self.scale}-{self.seed}-programmes")
        kinds = [k for k in V.PROGRAMME_KIND.values if k not in ("师资培训", "培训工作者培训")]
        n = 0
        for year in range(2014, 2018):
            known = [tid for pool in self.pools for tid, entry in self.roster.get(pool, []) if entry <= year]
            plans = [("zzb", "师资培训", f"{year} 年全国组工干部教育培训师资培训班"), ("zzb", "培训工作者培训", f"{year} 年组工干部教育培训工作者培训班")]
            for pool in self.pools[1:]:
                plans += [(f"dept-{pool}", rng.choice(kinds), f"{V.PROVINCES[pool][1]}{rng.choice(TOPICS[rng.choice(V.CATEGORY.values)])}培训班（{year}-{i + 1}）")
                          for i in range(PROGRAMMES_PER_PROVINCE)]
            for organiser, kind, title in plans:
                n += 1
                teach = rng.sample(known, min(3, len(known)))
                lines = [f"id: prog-{n:05d}", f"title: {title}", f"kind: {kind}", f"year: {year}",
                         f"start: {year}-{rng.randint(3, 11):02d}-{rng.randint(1, 20):02d}", f"organiser: {organiser}",
                         f"bases: {_list(rng.sample(self.bases, 1))}", f"courses: {_list(rng.sample(self.courses, 3))}",
                         f"teachers: {_list(teach)}"]
                if kind == "师资培训":
                    lines.append(f"trainees: {_list(rng.sample([t for t in known if t not in teach], min(20, len(known) - len(teach))))}")
                lines += [f"participants: {rng.choice([50, 60, 60, 62]) if organiser == 'zzb' else rng.randint(30, 200)}",
                          f"hours: {rng.choice([24, 32, 40, 56, 64])}", "summary: 按年度培训计划举办的培训项目。",
                          f"status: {'计划' if year == 2017 and rng.random() < 0.1 else '已完成'}"]
                self.add(f"catalog/programmes/prog-{n:05d}.yml", lines)

    def build(self) -> dict[str, str]:
        self.departments()
        self.catalog()
        self.teachers()
        self.finish_courses()
        self.programmes()
        return self.files


def write(scale: str, out: Path, seed: int = 2013) -> int:
    files = Synth(scale, seed).build()
    for top in ("catalog", "teachers"):
        shutil.rmtree(out / top, ignore_errors=True)
    folders = {str(Path(rel).parent) for rel in files}
    for folder in folders:
        (out / folder).mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        (out / rel).write_text(text, encoding="utf-8")
    return len(files)


def ensure(scale: str, out: Path) -> Path:
    """The data set of a scale under out/<scale>, written when it is not there yet."""
    data = out / scale
    if not (data / "teachers").is_dir():
        print(f"合成数据：{write(scale, data)} 个文件 → {data}")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description="写出确定性的合成数据集（同一规模、同一种子 → 相同文件）。")
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2013)
    args = parser.parse_args()
    count = write(args.scale, args.out, args.seed)
    print(f"已写出 {count} 个记录文件到 {args.out}（规模 {args.scale}，种子 {args.seed}）")


if __name__ == "__main__":
    main()
