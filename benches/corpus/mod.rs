//! Synthetic filings for the benchmarks and tests: deterministic (a fixed seed gives the same
//! bytes on every machine), realistic (Chinese names built from word lists, both keyword
//! languages, comments, every value kind and number spelling of `docs/language.md`), and
//! clean: a generated filing compiles with no diagnostics at all, no errors and no warnings
//! (`tests/corpus.rs` asserts it). So what a benchmark of it measures is the work a valid
//! filing costs, not the rendering of thousands of warnings.
//!
//! Shared by `benches/throughput.rs`, the `gen-corpus` example (`benches/gen_corpus.rs`) and
//! the tests `tests/corpus.rs` and `tests/schema.rs` (through `#[path]`); each uses a part of
//! it, hence the `dead_code` allowance.
//!
//! Usage: [`one_file`] for one file of N projects, [`folder`] for N projects spread over many
//! small files, [`perfc1`] for serde structs of the JSON perfc emits for them.
#![allow(dead_code)]

pub mod perfc1;

/// The seed everything uses unless told otherwise.
pub const SEED: u64 = 0x7065_7266_2024;

/// The filing year of every generated file.
pub const YEAR: i32 = 2024;

/// splitmix64: tiny, fast, and good enough to pick words. No dependency, so the corpus
/// does not change when a crate's generator does.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + (self.next_u64() >> 11) % (hi - lo + 1)
    }

    /// True `num` times in `den`.
    pub fn chance(&mut self, num: u32, den: u32) -> bool {
        (self.next_u64() >> 11) % u64::from(den) < u64::from(num)
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// `k` distinct indexes of `0..n`, in random order (`k <= n`).
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k.min(n));
        all
    }
}

/// What was generated.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub files: usize,
    pub projects: usize,
    pub indicators: usize,
    pub bytes: usize,
}

/// One file of `projects` projects.
pub fn one_file(projects: usize, seed: u64) -> (String, Stats) {
    let mut g = Gen::new(seed);
    let mut out = String::with_capacity(projects * 2_200 + 1_000);
    g.file_header(&mut out, 0);
    for i in 0..projects {
        g.project(&mut out, i);
    }
    g.stats.files = 1;
    g.stats.bytes = out.len();
    (out, g.stats)
}

/// One file of projects added until it holds at least `bytes` bytes.
pub fn file_of_size(bytes: usize, seed: u64) -> (String, Stats) {
    let mut g = Gen::new(seed);
    let mut out = String::with_capacity(bytes + 10_000);
    g.file_header(&mut out, 0);
    let mut i = 0;
    while out.len() < bytes {
        g.project(&mut out, i);
        i += 1;
    }
    g.stats.files = 1;
    g.stats.bytes = out.len();
    (out, g.stats)
}

/// `projects` projects spread evenly over `files` files (at least one project each), named
/// `00001.perf` … so that their sorted order is their order here. Project names are unique
/// across all the files. A few files use CRLF line ends or start with a BOM, as files saved
/// on Windows do.
pub fn folder(files: usize, projects: usize, seed: u64) -> (Vec<(String, String)>, Stats) {
    let files = files.max(1);
    let projects = projects.max(files);
    let mut g = Gen::new(seed);
    let mut out = Vec::with_capacity(files);
    let mut next = 0;
    for f in 0..files {
        let count = projects / files + usize::from(f < projects % files);
        let mut text = String::with_capacity(count * 2_200 + 500);
        if f % 11 == 5 {
            text.push('\u{feff}');
        }
        g.file_header(&mut text, f);
        for _ in 0..count {
            g.project(&mut text, next);
            next += 1;
        }
        if f % 7 == 3 {
            text = text.replace('\n', "\r\n");
        }
        g.stats.bytes += text.len();
        out.push((format!("{:05}.perf", f + 1), text));
    }
    g.stats.files = files;
    (out, g.stats)
}

// ---------------------------------------------------------------------------------------
// Word lists

const DEPARTMENTS: &[&str] = &[
    "上海市住房和城乡建设管理委员会",
    "上海市绿化和市容管理局",
    "上海市交通委员会",
    "上海市生态环境局",
    "上海市水务局",
];

const IMPLEMENTERS: &[&str] = &[
    "上海市城市管理行政执法局",
    "上海市城市管理行政执法局执法总队",
    "上海市城管执法培训中心",
    "上海市城管执法信息中心",
    "上海市市容环境卫生管理事务中心",
];

const DISTRICTS: &[&str] = &[
    "全市",
    "黄浦区",
    "徐汇区",
    "长宁区",
    "静安区",
    "普陀区",
    "虹口区",
    "杨浦区",
    "闵行区",
    "宝山区",
    "嘉定区",
    "浦东新区",
    "金山区",
    "松江区",
    "青浦区",
    "奉贤区",
    "崇明区",
];

const SUBJECTS: &[&str] = &[
    "城管执法人员业务培训",
    "执法装备更新",
    "普法宣传",
    "执法标准规范研究",
    "社区执法服务站运行",
    "违法建筑治理",
    "市容环境整治",
    "夜间经济执法保障",
    "无人机巡查试点",
    "执法案卷评查",
    "执法记录仪配置",
    "执法信息化平台运维",
    "执法队伍规范化建设",
    "立功竞赛",
    "执法监督考核",
    "行政复议应诉",
    "执法应急保障",
    "城管执法课题研究",
    "城管执法社会宣传",
    "依法行政辅助",
    "长三角一体化执法协作",
    "垃圾分类执法检查",
    "共享单车停放治理",
    "占道经营整治",
    "渣土运输执法",
    "户外广告设施执法",
    "住宅小区综合执法",
    "河道保洁执法",
    "建筑工地扬尘执法",
    "街面秩序管控",
    "执法车辆运维",
    "执法服装采购",
    "法律顾问服务",
    "执法培训基地运行",
    "执法数据分析",
    "城管舆情监测",
    "城管志愿者队伍建设",
    "市民诉求处置",
    "旧区改造执法保障",
    "重大活动执法保障",
];

const NAME_SUFFIXES: &[&str] = &["", "项目", "专项", "试点", "保障工作", "（续建）"];

/// Unique for every `index`: a scrambled walk over district × subject × suffix, then the
/// same again as 二期, 三期 …
fn project_name(index: usize) -> String {
    let combos = DISTRICTS.len() * SUBJECTS.len() * NAME_SUFFIXES.len();
    // 2333 is prime and does not divide 17 · 40 · 6, so j ↦ j · 2333 mod combos is a bijection.
    let k = (index % combos) * 2333 % combos;
    let batch = index / combos;
    let d = DISTRICTS[k % DISTRICTS.len()];
    let s = SUBJECTS[(k / DISTRICTS.len()) % SUBJECTS.len()];
    let x = NAME_SUFFIXES[k / (DISTRICTS.len() * SUBJECTS.len())];
    if batch == 0 {
        format!("{d}{s}{x}")
    } else {
        format!("{d}{s}{x}（{}期）", chinese_number(batch + 1))
    }
}

fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            D[n / 10],
            if n.is_multiple_of(10) { "" } else { D[n % 10] }
        ),
        _ => format!("第{n}"),
    }
}

/// Countable outputs, each with its unit.
const COUNT_OBJECTS: &[(&str, &str)] = &[
    ("宣传活动", "场"),
    ("普法讲座", "场"),
    ("培训班", "期"),
    ("执法检查", "次"),
    ("专项整治行动", "次"),
    ("联合执法行动", "次"),
    ("课题研究报告", "份"),
    ("调研报告", "篇"),
    ("宣传册印制", "册"),
    ("宣传海报", "张"),
    ("短视频发布", "条"),
    ("公众号推文", "篇"),
    ("执法车辆更新", "辆"),
    ("执法记录仪配置", "台"),
    ("执法终端配置", "台"),
    ("社区执法服务站", "个"),
    ("案卷评查", "件"),
    ("执法案例汇编", "册"),
    ("标准规范起草", "项"),
    ("制度文件制定", "项"),
    ("督查通报", "期"),
    ("工作简报", "期"),
    ("舆情分析报告", "份"),
    ("执法装备配发", "套"),
    ("巡查路段", "条"),
    ("示范街区创建", "个"),
    ("街面违法行为处置", "起"),
    ("投诉举报办理", "件"),
    ("专题会议", "次"),
    ("座谈会", "场"),
    ("专家论证会", "场"),
    ("考核评估", "次"),
    ("培训课程", "门"),
    ("培训教材", "册"),
    ("视频课件", "个"),
    ("监控点位", "处"),
    ("执法服装", "套"),
    ("宣传展板", "块"),
    ("志愿服务活动", "场"),
    ("执法队员体检", "批次"),
];
const COUNT_ENDINGS: &[&str] = &["数量", "数", "", "完成数", "总量"];

const PERSON_TIME_OBJECTS: &[&str] = &[
    "培训",
    "参训",
    "宣传覆盖",
    "咨询服务",
    "志愿服务",
    "执法检查出动",
    "活动参与",
    "普法受众",
    "来访接待",
    "讲座听众",
    "执法人员轮训",
    "窗口服务",
];
const PEOPLE_OBJECTS: &[&str] = &[
    "参训",
    "培训执法队员",
    "项目配置工作",
    "聘用专家",
    "受表彰",
    "参与评审专家",
    "外聘讲师",
    "驻点执法",
    "法律顾问",
    "考核对象",
];
const DURATION_OBJECTS: &[&str] = &[
    "科研工作开展",
    "集中培训",
    "专项整治",
    "驻点执法",
    "现场检查",
    "系统运维服务",
];
/// Other measures: (name, unit, lowest, highest, may have decimals).
const MEASURES: &[(&str, &str, u64, u64, bool)] = &[
    ("巡查里程", "公里", 500, 20_000, true),
    ("违法建筑拆除面积", "平方米", 1_000, 80_000, false),
    ("绿地养护面积", "万平方米", 1, 40, true),
    ("研究报告字数", "万字", 2, 30, false),
    ("渣土清运量", "吨", 100, 9_000, false),
    ("执法车辆巡查", "万辆次", 1, 12, false),
    ("集中整治区域", "平方公里", 1, 60, true),
];

const QUALITY_OBJECTS: &[&str] = &[
    "项目验收",
    "培训考核",
    "检测",
    "案卷评查",
    "执法文书",
    "设备",
    "课题结题",
    "宣传内容审核",
    "服装质量抽检",
    "装备验收",
    "投诉处置",
    "数据录入",
    "系统运行",
    "资料归档",
    "问题整改",
    "执法检查",
    "信息公开",
    "标准规范评审",
    "监督考核",
    "执法公示",
];
const QUALITY_RATES: &[&str] = &[
    "合格率",
    "通过率",
    "达标率",
    "准确率",
    "完成率",
    "规范率",
    "完好率",
    "覆盖率",
];
/// Rates where lower is better.
const LOW_RATES: &[&str] = &[
    "执法文书差错率",
    "有效投诉率",
    "设备故障率",
    "数据差错率",
    "案件超期率",
    "返工率",
    "复议纠错率",
    "信息报送差错率",
];
const QUALITY_TEXTS: &[(&str, &[&str])] = &[
    ("服装质量", &["合格", "符合国家相关标准"]),
    ("课题成果质量", &["通过专家评审", "成果具有实用价值"]),
    ("宣传内容", &["内容准确、导向正确", "通过审核后发布"]),
    (
        "培训课程设置",
        &["覆盖执法主要业务领域", "符合年度培训计划"],
    ),
    ("研究报告质量", &["通过专家评审", "达到结题要求"]),
    ("装备性能", &["符合合同约定的技术标准", "达到验收要求"]),
    (
        "执法程序规范性",
        &["符合行政执法程序规定", "执法全过程记录"],
    ),
    (
        "档案管理规范性",
        &["符合档案管理规定", "一案一档、归档完整"],
    ),
];

const DEADLINE_OBJECTS: &[&str] = &[
    "课题结题",
    "培训",
    "设备配发",
    "采购",
    "宣传活动",
    "案例汇编出版",
    "专项整治",
    "案卷评查",
    "项目验收",
    "资金支付",
    "合同签订",
    "课题开题",
    "中期评估",
    "总结报告",
];
const DEADLINE_ENDINGS: &[&str] = &["完成时间", "完成时限", "时间节点"];
const ON_TIME_RATES: &[&str] = &[
    "投诉处置及时率",
    "信息报送及时率",
    "问题整改及时率",
    "案件按期办结率",
    "资金支付及时率",
    "任务按期完成率",
    "诉求响应及时率",
];
/// (name, unit, lowest, highest): upper bounds on how long something may take.
const DURATIONS: &[(&str, &str, u64, u64)] = &[
    ("投诉响应时长", "小时", 1, 24),
    ("应急处置到场时长", "分钟", 15, 45),
    ("案件平均办结天数", "天", 5, 30),
    ("设备故障修复时长", "小时", 4, 48),
];
const TIMELY_TEXTS: &[(&str, &[&str])] = &[
    ("人员到位及时性", &["及时", "按合同约定到位"]),
    ("工作完成及时性", &["按计划节点完成", "按期完成"]),
    ("资金支付及时性", &["按合同约定支付", "按进度支付"]),
    ("成果提交及时性", &["按期提交", "按合同约定提交"]),
];
/// Timeliness text naming months: only for projects whose period is the whole year.
const MONTH_TEXTS: &[&str] = &[
    "二季度完成开题，四季度完成结题",
    "上下半年各一次",
    "三季度完成采购",
    "9月前完成",
    "10月底前完成验收",
    "一季度完成需求征集，二季度末完成发放",
];
const DEADLINE_TEXTS: &[&str] = &[
    "按合同约定节点完成",
    "按计划进度完成",
    "完成后报送主管部门",
    "分批实施",
];

const COST_TOTALS: &[&str] = &[
    "设备采购成本",
    "课题研究成本",
    "宣传品制作成本",
    "培训场地租赁成本",
    "服装采购成本",
    "印刷成本",
    "专家咨询成本",
    "系统运维成本",
    "车辆维保成本",
    "第三方服务成本",
];
const COST_PER: &[(&str, &str, u64, u64)] = &[
    ("人均培训成本", "元/人", 300, 1_500),
    ("单台设备采购单价", "元/台", 800, 6_000),
    ("每平方米养护成本", "元/平方米", 10, 60),
    ("单次活动组织成本", "元/次", 2_000, 20_000),
];
const SOCIAL_COSTS: &[(&str, &str, u64, u64)] = &[
    ("施工扰民投诉件数", "件", 0, 5),
    ("对周边交通的影响时长", "天", 1, 10),
    ("执法对象投诉件数", "件", 0, 8),
];
const ENVIRONMENTAL_COSTS: &[(&str, &str, u64, u64)] = &[
    ("执法车辆燃油消耗量", "吨", 2, 20),
    ("办公用电量", "千瓦时", 1_000, 9_000),
    ("纸张消耗量", "千克", 50, 800),
];

const ECONOMIC_MONEY: &[(&str, u64, u64)] = &[
    ("带动相关产业产值", 100, 2_000),
    ("节约财政资金", 5, 80),
    ("减少企业经营损失", 10, 300),
];
const ECONOMIC_TEXTS: &[(&str, &[&str])] = &[
    (
        "营商环境",
        &["市场主体经营秩序规范有序", "涉企执法检查统筹开展"],
    ),
    (
        "对经济发展的促进作用",
        &["促进夜间经济规范发展", "保障重点区域商业秩序"],
    ),
    ("行政成本节约", &["通过集中采购降低采购价格"]),
];
const SOCIAL_TEXTS: &[(&str, &[&str])] = &[
    (
        "执法规范化水平",
        &["执法文书差错率较上年下降", "执法行为全过程记录"],
    ),
    (
        "依法行政能力",
        &["执法人员依法履职能力明显增强", "行政复议纠错案件较上年减少"],
    ),
    ("社会影响", &["形成示范效应", "在全市城管执法系统推广"]),
    (
        "市民获得感",
        &["群众诉求得到及时回应", "身边市容问题得到解决"],
    ),
    (
        "法治宣传效果",
        &["开展“谁执法谁普法”宣传", "市民守法意识增强"],
    ),
    (
        "城市管理秩序",
        &["重点区域违法行为得到遏制", "街面秩序规范有序"],
    ),
    (
        "执法公信力",
        &["执法结果公开透明", "群众对执法工作的认可度较上年提高"],
    ),
];
const SOCIAL_RATES: &[&str] = &[
    "市民知晓率",
    "执法公示信息公开率",
    "诉求办结率",
    "宣传覆盖率",
    "问题整改率",
];
const ECOLOGICAL_RATES: &[&str] = &["市容环境达标率", "垃圾分类准确率", "道路保洁达标率"];
const ECOLOGICAL_TEXTS: &[(&str, &[&str])] = &[
    ("城市环境面貌", &["主要道路无乱设摊、乱堆物现象"]),
    ("扬尘污染防治", &["建筑工地扬尘防治措施全部落实"]),
    ("河道水环境", &["河道沿线无违法排放现象"]),
];
const SUSTAINABILITY_TEXTS: &[(&str, &[&str])] = &[
    ("长效管理机制健全性", &["建立健全", "形成长效管理机制"]),
    (
        "成果转化应用",
        &["纳入执法培训教材", "转化为文件政策或技术指导"],
    ),
    ("制度建设", &["形成制度化文件", "修订完善工作规范"]),
    (
        "经验推广",
        &["在全市城管执法系统推广", "形成可复制的经验做法"],
    ),
    ("标准成果应用", &["有效应用于城管执法实践"]),
    ("队伍建设可持续性", &["建立常态化培训机制"]),
];
const SATISFIED_GROUPS: &[&str] = &[
    "服务对象",
    "参训人员",
    "社区居民",
    "执法队员",
    "被检查单位",
    "市民群众",
    "沿街商户",
    "基层队员",
    "社会公众",
    "相关部门",
];

const GOAL_SENTENCES: &[&str] = &[
    "按照年度工作计划，组织开展城管执法专项工作，确保各项任务按期完成。",
    "通过集中培训和岗位练兵，提升一线执法人员的业务能力和依法行政水平。",
    "委托专业机构开展专项研究，形成研究报告并转化为制度文件。",
    "更新执法装备，保障一线执法工作正常开展，提升城管执法队伍形象。",
    "围绕市容环境重点问题，开展专项整治，巩固整治成效。",
    "开展“谁执法谁普法”宣传，提高市民对城市管理法规的知晓度。",
    "完善执法监督考核机制，推动执法行为规范化、标准化。",
    "加强与相关部门的协作，形成城市管理合力。",
    "一季度完成需求调研，二季度完成采购，下半年完成验收和总结。",
    "全年开展专项整治 12 次，巡查重点路段 200 条。",
    "按照长三角城管执法协作发展实践，推进区域执法协作机制建设。",
    "保障社区执法服务站正常运行，及时回应群众诉求。",
];
const OVERALL_GOALS: &[&str] = &[
    "用三年时间形成覆盖主要执法事项的标准规范体系。",
    "分阶段完成执法装备的更新换代，建立装备管理长效机制。",
    "建成覆盖全市的城管执法信息化平台。\n第一年完成主体建设，第二年完成联调上线。",
];
const NOTES: &[&str] = &[
    "含三年质保",
    "按上年实际完成值设定",
    "以合同约定为准",
    "含线上线下活动",
    "按季度统计",
];
const BASES: &[&str] = &[
    "2023 年采购合同",
    "上年实际完成值",
    "年度工作计划",
    "行业标准",
    "历史数据",
];
const COMMENTS: &[&str] = &[
    "按原表录入",
    "数量指标按年度工作计划设定",
    "目标值与上年持平",
    "以下指标由实施单位填报",
    "资金按合同金额申报",
    "第三方测评口径",
];
const FIELDS: &[(&str, &[&str])] = &[
    ("一级项目名称", &["城管执法业务", "城市管理", "执法保障"]),
    ("资金性质", &["一般公共预算", "政府性基金预算"]),
    ("项目负责人", &["王明", "李华", "张伟"]),
];

// Comparators, by what the checker accepts where.
const HIGHER: &[&str] = &[
    "=",
    ">",
    ">=",
    "≥",
    "≧",
    "＞",
    "＝",
    "大于",
    "等于",
    "不少于",
    "不低于",
    "大于等于",
    "不小于",
];
const LOWER: &[&str] = &[
    "<",
    "<=",
    "≤",
    "≦",
    "＜",
    "小于",
    "不多于",
    "不高于",
    "不超过",
    "小于等于",
    "不大于",
];
const AT_LEAST: &[&str] = &[
    ">=",
    "≥",
    "≧",
    "不少于",
    "不低于",
    "大于等于",
    "不小于",
    ">",
    "＞",
    "大于",
];
const UPPER_INCLUSIVE: &[&str] = &[
    "<=",
    "≤",
    "≦",
    "不多于",
    "不高于",
    "不超过",
    "小于等于",
    "不大于",
];
const EQUALS: &[&str] = &["=", "＝", "等于"];

// ---------------------------------------------------------------------------------------
// Dates

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    y: i32,
    m: u32,
    d: u32,
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn month_end(y: i32, m: u32) -> Date {
    Date {
        y,
        m,
        d: days_in_month(y, m),
    }
}

fn day(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.y, d.m, d.d)
}

// ---------------------------------------------------------------------------------------
// Indicator templates

#[derive(Clone, Copy)]
enum Kind {
    Count(&'static str),
    PersonTime,
    People,
    Duration,
    Measure(&'static str, u64, u64, bool),
    RatioHigh,
    RatioLow,
    /// `<= 0 起`: "none may happen".
    UpperZero(&'static str),
    /// An upper bound on an output, with its `@allow` and the reason.
    AllowedUpper,
    Text(&'static [&'static str]),
    /// Timeliness text, with month names when the period allows.
    TimelyText(&'static [&'static str]),
    Deadline,
    DurationCap(&'static str, u64, u64),
    CostTotal,
    CostPer(&'static str, u64, u64),
    /// A cost that is not money (2021 social and environmental costs).
    CostOther(&'static str, u64, u64),
    Money(u64, u64),
    Satisfaction,
}

struct Tpl {
    name: String,
    kind: Kind,
}

/// The groups a project fills, in the order of the form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum G {
    Quantity,
    Quality,
    Timeliness,
    Cost,
    EconomicCost,
    SocialCost,
    EnvironmentalCost,
    Economic,
    Social,
    Ecological,
    Sustainability,
    Beneficiary,
}

impl G {
    fn keyword(self) -> (&'static str, &'static str, &'static str) {
        match self {
            G::Quantity => ("quantity", "数量指标", "数量"),
            G::Quality => ("quality", "质量指标", "质量"),
            G::Timeliness => ("timeliness", "时效指标", "时效"),
            G::Cost => ("cost", "成本指标", "成本"),
            G::EconomicCost => ("economic-cost", "经济成本指标", "经济成本"),
            G::SocialCost => ("social-cost", "社会成本指标", "社会成本"),
            G::EnvironmentalCost => ("environmental-cost", "生态环境成本指标", "生态环境成本"),
            G::Economic => ("economic", "经济效益指标", "经济效益"),
            G::Social => ("social", "社会效益指标", "社会效益"),
            G::Ecological => ("ecological", "生态效益指标", "生态效益"),
            G::Sustainability => ("sustainability", "可持续影响指标", "可持续影响"),
            G::Beneficiary => ("beneficiary", "服务对象满意度指标", "服务对象满意度"),
        }
    }
}

/// A 一级 group: its keywords (English, Chinese, short Chinese), its 二级 groups, and the
/// weight the default scoring table gives it.
type Level1 = (&'static str, &'static str, &'static str, &'static [G], u32);

const LEVEL1_2015: &[Level1] = &[
    (
        "output",
        "产出指标",
        "产出",
        &[G::Quantity, G::Quality, G::Timeliness, G::Cost],
        50,
    ),
    (
        "benefit",
        "效益指标",
        "效益",
        &[G::Economic, G::Social, G::Ecological, G::Sustainability],
        30,
    ),
    (
        "satisfaction",
        "满意度指标",
        "满意度",
        &[G::Beneficiary],
        10,
    ),
];

const LEVEL1_2021: &[Level1] = &[
    (
        "cost",
        "成本指标",
        "成本",
        &[G::EconomicCost, G::SocialCost, G::EnvironmentalCost],
        10,
    ),
    (
        "output",
        "产出指标",
        "产出",
        &[G::Quantity, G::Quality, G::Timeliness],
        40,
    ),
    (
        "benefit",
        "效益指标",
        "效益",
        &[G::Economic, G::Social, G::Ecological, G::Sustainability],
        30,
    ),
    (
        "satisfaction",
        "满意度指标",
        "满意度",
        &[G::Beneficiary],
        10,
    ),
];

struct Pools {
    quantity: Vec<Tpl>,
    quality: Vec<Tpl>,
    timeliness: Vec<Tpl>,
    cost: Vec<Tpl>,
    social_cost: Vec<Tpl>,
    environmental_cost: Vec<Tpl>,
    economic: Vec<Tpl>,
    social: Vec<Tpl>,
    ecological: Vec<Tpl>,
    sustainability: Vec<Tpl>,
    beneficiary: Vec<Tpl>,
}

fn tpl(name: impl Into<String>, kind: Kind) -> Tpl {
    Tpl {
        name: name.into(),
        kind,
    }
}

fn texts(list: &'static [(&'static str, &'static [&'static str])]) -> impl Iterator<Item = Tpl> {
    list.iter().map(|(n, t)| tpl(*n, Kind::Text(t)))
}

impl Pools {
    fn new() -> Pools {
        let mut quantity = Vec::new();
        for (obj, unit) in COUNT_OBJECTS {
            for end in COUNT_ENDINGS {
                quantity.push(tpl(format!("{obj}{end}"), Kind::Count(unit)));
            }
        }
        for obj in PERSON_TIME_OBJECTS {
            quantity.push(tpl(format!("{obj}人次"), Kind::PersonTime));
        }
        for obj in PEOPLE_OBJECTS {
            quantity.push(tpl(format!("{obj}人数"), Kind::People));
        }
        for obj in DURATION_OBJECTS {
            quantity.push(tpl(format!("{obj}天数"), Kind::Duration));
        }
        for (name, unit, lo, hi, frac) in MEASURES {
            quantity.push(tpl(*name, Kind::Measure(unit, *lo, *hi, *frac)));
        }
        for obj in ["重点区域巡查", "宣传", "执法检查"] {
            quantity.push(tpl(format!("{obj}覆盖率"), Kind::RatioHigh));
        }
        quantity.push(tpl("安全生产事故发生数", Kind::UpperZero("起")));
        quantity.push(tpl("有效投诉数", Kind::UpperZero("件")));
        quantity.push(tpl("外聘师资课时", Kind::AllowedUpper));

        let mut quality = Vec::new();
        for obj in QUALITY_OBJECTS {
            for rate in QUALITY_RATES {
                quality.push(tpl(format!("{obj}{rate}"), Kind::RatioHigh));
            }
        }
        quality.extend(LOW_RATES.iter().map(|n| tpl(*n, Kind::RatioLow)));
        quality.extend(texts(QUALITY_TEXTS));

        let mut timeliness = Vec::new();
        for obj in DEADLINE_OBJECTS {
            for end in DEADLINE_ENDINGS {
                timeliness.push(tpl(format!("{obj}{end}"), Kind::Deadline));
            }
        }
        timeliness.extend(ON_TIME_RATES.iter().map(|n| tpl(*n, Kind::RatioHigh)));
        timeliness.extend(
            DURATIONS
                .iter()
                .map(|(n, u, lo, hi)| tpl(*n, Kind::DurationCap(u, *lo, *hi))),
        );
        timeliness.extend(
            TIMELY_TEXTS
                .iter()
                .map(|(n, t)| tpl(*n, Kind::TimelyText(t))),
        );

        let mut cost: Vec<Tpl> = COST_TOTALS
            .iter()
            .map(|n| tpl(*n, Kind::CostTotal))
            .collect();
        cost.extend(
            COST_PER
                .iter()
                .map(|(n, u, lo, hi)| tpl(*n, Kind::CostPer(u, *lo, *hi))),
        );
        let others = |list: &'static [(&'static str, &'static str, u64, u64)]| {
            list.iter()
                .map(|(n, u, lo, hi)| tpl(*n, Kind::CostOther(u, *lo, *hi)))
                .collect::<Vec<_>>()
        };

        let mut economic: Vec<Tpl> = ECONOMIC_MONEY
            .iter()
            .map(|(n, lo, hi)| tpl(*n, Kind::Money(*lo, *hi)))
            .collect();
        economic.extend(texts(ECONOMIC_TEXTS));
        let mut social: Vec<Tpl> = texts(SOCIAL_TEXTS).collect();
        social.extend(SOCIAL_RATES.iter().map(|n| tpl(*n, Kind::RatioHigh)));
        let mut ecological: Vec<Tpl> = ECOLOGICAL_RATES
            .iter()
            .map(|n| tpl(*n, Kind::RatioHigh))
            .collect();
        ecological.extend(texts(ECOLOGICAL_TEXTS));
        ecological.push(tpl(
            "违法建筑拆除面积",
            Kind::Measure("平方米", 500, 50_000, false),
        ));
        let sustainability = texts(SUSTAINABILITY_TEXTS).collect();
        let beneficiary = SATISFIED_GROUPS
            .iter()
            .map(|g| tpl(format!("{g}满意度"), Kind::Satisfaction))
            .collect();
        Pools {
            quantity,
            quality,
            timeliness,
            cost,
            social_cost: others(SOCIAL_COSTS),
            environmental_cost: others(ENVIRONMENTAL_COSTS),
            economic,
            social,
            ecological,
            sustainability,
            beneficiary,
        }
    }

    fn of(&self, g: G) -> &[Tpl] {
        match g {
            G::Quantity => &self.quantity,
            G::Quality => &self.quality,
            G::Timeliness => &self.timeliness,
            G::Cost | G::EconomicCost => &self.cost,
            G::SocialCost => &self.social_cost,
            G::EnvironmentalCost => &self.environmental_cost,
            G::Economic => &self.economic,
            G::Social => &self.social,
            G::Ecological => &self.ecological,
            G::Sustainability => &self.sustainability,
            G::Beneficiary => &self.beneficiary,
        }
    }
}

// ---------------------------------------------------------------------------------------
// The generator

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Zh,
    /// Line by line at random: a file edited by two people.
    Mixed,
}

/// What the indicators of one project must agree with.
struct Ctx {
    start: Date,
    end: Date,
    /// The period is exactly the filing year, so month names in text are inside it.
    whole_year: bool,
    annual_fen: u64,
    /// `%` or `分` for all satisfaction targets of the project.
    satisfaction_unit: &'static str,
}

struct Gen {
    rng: Rng,
    pools: Pools,
    stats: Stats,
    lang: Lang,
    /// Chinese group names with the trailing 指标 (`产出指标`) or without (`产出`).
    long_groups: bool,
    indent: &'static str,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::new(seed),
            pools: Pools::new(),
            stats: Stats::default(),
            lang: Lang::Zh,
            long_groups: true,
            indent: "  ",
        }
    }

    fn zh(&mut self) -> bool {
        match self.lang {
            Lang::En => false,
            Lang::Zh => true,
            Lang::Mixed => self.rng.chance(1, 2),
        }
    }

    fn kw(&mut self, en: &'static str, zh: &'static str) -> &'static str {
        if self.zh() {
            zh
        } else {
            en
        }
    }

    fn group_kw(
        &mut self,
        (en, long, short): (&'static str, &'static str, &'static str),
    ) -> &'static str {
        if !self.zh() {
            en
        } else if self.long_groups {
            long
        } else {
            short
        }
    }

    fn pad(&self, out: &mut String, depth: usize) {
        for _ in 0..depth {
            out.push_str(self.indent);
        }
    }

    fn comment(&mut self) -> &'static str {
        COMMENTS[self.rng.below(COMMENTS.len())]
    }

    fn file_header(&mut self, out: &mut String, file: usize) {
        self.lang = if file.is_multiple_of(2) {
            Lang::Zh
        } else {
            Lang::En
        };
        out.push_str(&format!(
            "// 上海市城市管理行政执法局 {YEAR} 年度项目绩效目标（生成的测试申报，第 {} 份）\n",
            file + 1
        ));
        if self.rng.chance(1, 3) {
            out.push_str("/* 本文件由 perfc 的基准测试生成：\n   项目、指标与金额均为虚构，格式与真实申报一致。 */\n");
        }
        let year = self.kw("year", "年度");
        out.push_str(&format!("{year} {YEAR}\n"));
        let dep = self.kw("department", "主管部门");
        let d = *self.rng.pick(DEPARTMENTS);
        let imp = self.kw("implementer", "实施单位");
        let i = *self.rng.pick(IMPLEMENTERS);
        if self.rng.chance(1, 3) {
            out.push_str(&format!("{dep} \"{d}\"; {imp} \"{i}\"\n"));
        } else {
            out.push_str(&format!("{dep}  \"{d}\"\n{imp} \"{i}\"\n"));
        }
        let unit = self.kw("unit", "计量单位");
        out.push_str(&format!(
            "{unit} 万辆次 = 10,000 辆次   // 巡查车辆以万辆次计\n\n"
        ));
    }

    fn project(&mut self, out: &mut String, index: usize) {
        let r = self.rng.below(16);
        self.lang = match r {
            0..=6 => Lang::Zh,
            7..=13 => Lang::En,
            _ => Lang::Mixed,
        };
        self.long_groups = self.rng.chance(3, 4);
        self.indent = if self.rng.chance(1, 5) { "    " } else { "  " };
        let framework_2021 = self.rng.chance(1, 5);

        // Nature decides the period and whether total must equal annual.
        let nature = match self.rng.below(10) {
            0..=5 => "其他一次性项目",
            6 => "一次性项目",
            7 | 8 => "经常性项目",
            _ => "阶段性项目",
        };
        let multi_year = nature == "阶段性项目";
        let category = *self.rng.pick(&[
            "特定目标类",
            "特定目标类",
            "特定目标类",
            "运转类",
            "其他运转类",
            "公用经费",
            "人员类",
        ]);

        if self.rng.chance(1, 4) {
            let c = self.comment();
            out.push_str(&format!("// {c}\n"));
        } else if self.rng.chance(1, 12) {
            out.push_str("/*\n * 项目按主管部门批复录入。\n * 资金单位：元。\n */\n");
        }
        let name = project_name(index);
        let kw = self.kw("project", "项目");
        out.push_str(&format!("{kw} \"{name}\" {{\n"));
        self.stats.projects += 1;

        let n = self.kw("nature", "项目性质");
        let c = self.kw("category", "项目类别");
        if self.rng.chance(1, 3) {
            self.pad(out, 1);
            out.push_str(&format!("{n} \"{nature}\"; {c} \"{category}\"\n"));
        } else {
            self.pad(out, 1);
            out.push_str(&format!("{n}   \"{nature}\"\n"));
            self.pad(out, 1);
            out.push_str(&format!("{c} \"{category}\"\n"));
        }
        if self.rng.chance(1, 10) {
            let k = self.kw("implementer", "实施单位");
            let i = *self.rng.pick(IMPLEMENTERS);
            self.pad(out, 1);
            out.push_str(&format!("{k} \"{i}\"   // 本项目由下属单位实施\n"));
        }
        if framework_2021 {
            let k = self.kw("framework", "指标体系");
            self.pad(out, 1);
            out.push_str(&format!("{k} 2021\n"));
        }
        let (start, end, whole_year) = self.period(out, multi_year);
        for (field, values) in FIELDS {
            if self.rng.chance(1, 6) {
                let k = self.kw("field", "字段");
                let v = *self.rng.pick(values);
                self.pad(out, 1);
                out.push_str(&format!("{k} \"{field}\" \"{v}\"\n"));
            }
        }
        out.push('\n');
        let annual_fen = self.funding(out, nature, multi_year);
        out.push('\n');
        self.goal(out, multi_year);
        out.push('\n');

        let ctx = Ctx {
            start,
            end,
            whole_year,
            annual_fen,
            satisfaction_unit: if self.rng.chance(1, 6) { "分" } else { "%" },
        };
        self.indicators(out, &ctx, framework_2021);
        out.push_str("}\n\n");
    }

    /// Writes the period; returns it with whether it is the whole filing year.
    fn period(&mut self, out: &mut String, multi_year: bool) -> (Date, Date, bool) {
        let y = YEAR;
        self.pad(out, 1);
        if multi_year {
            let end_y = y + self.rng.range(1, 2) as i32;
            let start = Date { y, m: 1, d: 1 };
            let end = month_end(end_y, 12);
            let k = self.kw("period", "实施周期");
            out.push_str(&format!("{k} {} .. {}\n", day(start), day(end)));
            return (start, end, false);
        }
        if self.rng.chance(2, 3) {
            let start = Date { y, m: 1, d: 1 };
            let end = month_end(y, 12);
            match self.rng.below(4) {
                0 => {
                    let k = self.kw("period", "实施周期");
                    out.push_str(&format!("{k} {y}-01 至 {y}-12\n"));
                }
                1 => {
                    let k = self.kw("period", "实施周期");
                    out.push_str(&format!("{k} {y}-Q1 ~ {y}-H2\n"));
                }
                _ => {
                    let k = self.kw("period", "实施周期");
                    out.push_str(&format!("{k} {} .. {}\n", day(start), day(end)));
                }
            }
            return (start, end, true);
        }
        // Part of the year: start in one of the first five months, end in one of the last five.
        let m1 = self.rng.range(1, 5) as u32;
        let m2 = self.rng.range(8, 12) as u32;
        let start = Date { y, m: m1, d: 1 };
        let end = month_end(y, m2);
        match self.rng.below(3) {
            0 => {
                let s = self.kw("start", "计划开始日期");
                let e = self.kw("end", "计划完成日期");
                out.push_str(&format!("{s} {y}-{m1:02}\n"));
                self.pad(out, 1);
                out.push_str(&format!("{e} {y}-{m2:02}\n"));
            }
            _ => {
                let k = self.kw("period", "实施周期");
                out.push_str(&format!("{k} {} .. {}\n", day(start), day(end)));
            }
        }
        (start, end, false)
    }

    /// Writes the funding block; returns the annual amount in 分.
    fn funding(&mut self, out: &mut String, nature: &str, multi_year: bool) -> u64 {
        // Amounts in 分; most filings are in whole 元, many in hundreds.
        let annual: u64 = match self.rng.below(4) {
            0 => self.rng.range(5_000_000, 500_000_000),
            1 => self.rng.range(500, 50_000) * 10_000,
            _ => self.rng.range(50, 5_000) * 100 * 100,
        };
        let carry = if self.rng.chance(1, 4) {
            annual / 100 * self.rng.range(5, 30)
        } else {
            0
        };
        let other = if self.rng.chance(1, 5) {
            (annual - carry) / 100 * self.rng.range(1, 20)
        } else {
            0
        };
        let appropriation = annual - carry - other;

        // In 万元 with bare amounts (exact to six decimals), or in 元.
        let wan = self.rng.chance(1, 4);
        let kw = self.kw("funding", "项目资金");
        self.pad(out, 1);
        if wan {
            let unit = *self.rng.pick(&["万元", "(万元)", "（万元）"]);
            out.push_str(&format!("{kw} {unit} {{\n"));
        } else {
            out.push_str(&format!("{kw} {{\n"));
        }

        let with_total = multi_year || self.rng.chance(1, 5);
        let one_off = nature.contains("一次性");
        if with_total {
            // A one-off project's total is its annual amount; a multi-year one's is more.
            let total = if one_off || !multi_year {
                annual
            } else {
                annual * self.rng.range(2, 3)
            };
            let total_other = if other > 0 { other.min(total) } else { 0 };
            let fiscal = total - total_other;
            let t = self.kw("total", "项目资金总额");
            let f = self.kw("fiscal", "财政资金");
            let o = self.kw("other", "其他资金");
            let derived = self.rng.chance(1, 3);
            self.pad(out, 2);
            if derived {
                out.push_str(&format!("{t} {{   // 留空：由分项相加得出\n"));
            } else {
                let amount = self.money(total, wan);
                out.push_str(&format!("{t} {amount} {{\n"));
            }
            self.pad(out, 3);
            let amount = self.money(fiscal, wan);
            if self.rng.chance(1, 2) && fiscal >= 200 {
                // 其中: central and municipal shares, not summed into the parent.
                let central = fiscal / 200 * self.rng.range(10, 60);
                let city = fiscal
                    - central
                    - if self.rng.chance(1, 3) {
                        fiscal / 10
                    } else {
                        0
                    };
                out.push_str(&format!("{f} {amount} {{\n"));
                let (a, b) = (self.money(central, wan), self.money(city, wan));
                self.pad(out, 4);
                out.push_str(&format!("\"中央补助安排\" {a}\n"));
                self.pad(out, 4);
                out.push_str(&format!("\"市级安排\"     {b}\n"));
                self.pad(out, 3);
                out.push_str("}\n");
            } else {
                out.push_str(&format!("{f} {amount}\n"));
            }
            self.pad(out, 3);
            let amount = self.money(total_other, wan);
            out.push_str(&format!("{o} {amount}\n"));
            self.pad(out, 2);
            out.push_str("}\n");
        }

        let a = self.kw("annual", "年度资金申请总额");
        let p = self.kw("appropriation", "当年财政拨款");
        let c = self.kw("carryover", "上年结转资金");
        let o = self.kw("other", "其他资金");
        self.pad(out, 2);
        match self.rng.below(6) {
            // Derived from its breakdown.
            0 => {
                out.push_str(&format!(
                    "{a} {{                // 留空：由下面的分项相加得出\n"
                ));
                let (x, y, z) = (
                    self.money(appropriation, wan),
                    self.money(carry, wan),
                    self.money(other, wan),
                );
                for (k, v) in [(p, x), (c, y), (o, z)] {
                    self.pad(out, 3);
                    out.push_str(&format!("{k} {v}\n"));
                }
                self.pad(out, 2);
                out.push_str("}\n");
            }
            // On one line.
            1 => {
                let (w, x, y, z) = (
                    self.money(annual, wan),
                    self.money(appropriation, wan),
                    self.money(carry, wan),
                    self.money(other, wan),
                );
                out.push_str(&format!("{a} {w} {{ {p} {x}; {c} {y}; {o} {z} }}\n"));
            }
            // Only the appropriation written, when it is all of it.
            2 if carry == 0 && other == 0 => {
                let (w, x) = (self.money(annual, wan), self.money(appropriation, wan));
                out.push_str(&format!("{a} {w} {{\n"));
                self.pad(out, 3);
                if self.rng.chance(1, 2) {
                    out.push_str(&format!("{p} {x} {{ \"市级财政安排\" {x} }}\n"));
                } else {
                    out.push_str(&format!("{p} {x}\n"));
                }
                self.pad(out, 2);
                out.push_str("}\n");
            }
            _ => {
                let w = self.money(annual, wan);
                out.push_str(&format!("{a} {w} {{\n"));
                let pad = self.rng.chance(1, 2);
                for (k, v) in [(p, appropriation), (c, carry), (o, other)] {
                    let v = self.money(v, wan);
                    self.pad(out, 3);
                    if pad {
                        out.push_str(&format!("{k:<14} {v}\n"));
                    } else {
                        out.push_str(&format!("{k} {v}\n"));
                    }
                }
                self.pad(out, 2);
                out.push_str("}\n");
            }
        }
        self.pad(out, 1);
        out.push_str("}\n");
        annual
    }

    /// An amount in 分 as written in a funding block: in 元 (`1,250,000.50 元`, `1250000.5`,
    /// `0`, …) or, in a 万元 block, bare 万元 with up to six decimals.
    fn money(&mut self, fen: u64, wan: bool) -> String {
        if wan {
            let int = fen / 1_000_000;
            let frac = fen % 1_000_000;
            let mut s = group(int, self.rng.chance(1, 2));
            if frac != 0 {
                let f = format!("{frac:06}");
                s.push('.');
                s.push_str(f.trim_end_matches('0'));
            }
            // Now and then one amount in its own unit, 元, inside the 万元 block.
            if self.rng.chance(1, 15) {
                return format!("{} 元", yuan(fen, true));
            }
            return s;
        }
        if fen == 0 {
            return self.rng.pick(&["0 元", "0.00 元", "0", "0.00"]).to_string();
        }
        let grouped = self.rng.chance(3, 4);
        let mut s = yuan(fen, grouped);
        if !grouped && fen.is_multiple_of(100) && self.rng.chance(1, 3) {
            s = (fen / 100).to_string();
        } else if !grouped && self.rng.chance(1, 5) {
            s = underscored(fen / 100) + &format!(".{:02}", fen % 100);
        }
        if self.rng.chance(4, 5) {
            s.push_str(" 元");
        }
        s
    }

    fn goal(&mut self, out: &mut String, multi_year: bool) {
        let k = self.kw("goal", "年度总体目标");
        let count = self.rng.range(1, 4) as usize;
        let picks = self.rng.sample(GOAL_SENTENCES.len(), count);
        self.pad(out, 1);
        if count > 1 && self.rng.chance(1, 2) {
            out.push_str(&format!("{k} \"\"\"\n"));
            for i in picks {
                self.pad(out, 2);
                out.push_str(GOAL_SENTENCES[i]);
                out.push('\n');
            }
            self.pad(out, 2);
            out.push_str("\"\"\"\n");
        } else {
            let text: String = picks.iter().map(|&i| GOAL_SENTENCES[i]).collect();
            out.push_str(&format!("{k} \"{text}\"\n"));
        }
        if multi_year || self.rng.chance(1, 10) {
            let k = self.kw("overall-goal", "项目总目标");
            let g = self.rng.pick(OVERALL_GOALS).replace('\n', "\\n");
            self.pad(out, 1);
            out.push_str(&format!("{k} \"{g}\"\n"));
        }
    }

    fn indicators(&mut self, out: &mut String, ctx: &Ctx, framework_2021: bool) {
        // How many indicators each group gets: the minimum, then the rest by weight.
        let total = self.rng.range(20, 40) as usize;
        let mut plan: Vec<(G, usize, usize, u32)> = vec![
            // (group, count, cap, weight)
            (G::Quantity, 3, 16, 30),
            (G::Quality, 2, 10, 18),
            (G::Timeliness, 1, 6, 10),
            (G::Social, 1, 6, 10),
            (G::Sustainability, 1, 3, 4),
            (G::Beneficiary, 1, 4, 5),
        ];
        if framework_2021 {
            plan.push((G::EconomicCost, 1, 5, 6));
            if self.rng.chance(1, 2) {
                plan.push((G::SocialCost, 1, 2, 2));
            }
            if self.rng.chance(1, 2) {
                plan.push((G::EnvironmentalCost, 1, 2, 2));
            }
        } else if self.rng.chance(2, 3) {
            plan.push((G::Cost, 1, 5, 6));
        }
        if self.rng.chance(1, 2) {
            plan.push((G::Economic, 1, 3, 4));
        }
        if self.rng.chance(1, 2) {
            plan.push((G::Ecological, 1, 3, 4));
        }
        let mut have: usize = plan.iter().map(|p| p.1).sum();
        let weight_sum: u32 = plan.iter().map(|p| p.3).sum();
        while have < total {
            let mut r = self.rng.below(weight_sum as usize) as u32;
            let i = plan
                .iter()
                .position(|p| {
                    if r < p.3 {
                        true
                    } else {
                        r -= p.3;
                        false
                    }
                })
                .unwrap_or(0);
            if plan[i].1 < plan[i].2 {
                plan[i].1 += 1;
                have += 1;
            } else if plan.iter().all(|p| p.1 >= p.2) {
                break;
            }
        }
        let count = |g: G| plan.iter().find(|p| p.0 == g).map_or(0, |p| p.1);

        // Weights (§8) on the 一级 groups of a few projects, as the default table has them.
        let weights = self.rng.chance(1, 25);
        let level1 = if framework_2021 {
            LEVEL1_2021
        } else {
            LEVEL1_2015
        };
        for (k, &(en, long, short, groups, weight)) in level1.iter().enumerate() {
            let l1 = self.group_kw((en, long, short));
            if self.rng.chance(1, 10) {
                let c = self.comment();
                self.pad(out, 1);
                out.push_str(&format!("/* {c} */\n"));
            }
            // A target filing with weights and no actuals is W0609, reported at the first
            // weight: the corpus writes target filings, so it says it means them.
            if weights && k == 0 {
                self.pad(out, 1);
                out.push_str("@allow(weights-without-actuals)\n");
            }
            self.pad(out, 1);
            if weights {
                let w = self.kw("weight", "分值");
                out.push_str(&format!("{l1} {w} {weight} {{\n"));
            } else {
                out.push_str(&format!("{l1} {{\n"));
            }
            for &g in groups {
                let n = count(g);
                if n > 0 {
                    self.group(out, g, n, ctx);
                }
            }
            self.pad(out, 1);
            out.push_str("}\n");
        }
    }

    fn group(&mut self, out: &mut String, g: G, n: usize, ctx: &Ctx) {
        let kw = self.group_kw(g.keyword());
        let pool_len = self.pools.of(g).len();
        let picks = self.rng.sample(pool_len, n);
        self.stats.indicators += picks.len();
        let mut lines = Vec::with_capacity(picks.len());
        for i in picks {
            let (name, kind) = {
                let t = &self.pools.of(g)[i];
                (t.name.clone(), t.kind)
            };
            lines.push(self.indicator(&name, kind, ctx));
        }
        // A short group on one line, `;`-separated, as people write them.
        if lines.len() <= 3 && lines.iter().all(|l| !l.contains('\n')) && self.rng.chance(1, 3) {
            self.pad(out, 2);
            out.push_str(&format!("{kw} {{ {} }}\n", lines.join("; ")));
            return;
        }
        self.pad(out, 2);
        out.push_str(&format!("{kw} {{\n"));
        let mut i = 0;
        while i < lines.len() {
            let line = &lines[i];
            let indent = self.indent.repeat(3);
            if line.contains('\n') {
                // An @allow on the line before: indent the second line too.
                out.push_str(&indent);
                out.push_str(&line.replace('\n', &format!("\n{indent}")));
            } else if i + 1 < lines.len() && !lines[i + 1].contains('\n') && self.rng.chance(1, 10)
            {
                out.push_str(&indent);
                out.push_str(&format!("{line}; {}", lines[i + 1]));
                i += 1;
            } else {
                out.push_str(&indent);
                out.push_str(line);
            }
            if self.rng.chance(1, 25) {
                let c = self.comment();
                out.push_str(&format!("   // {c}"));
            }
            out.push('\n');
            if self.rng.chance(1, 30) {
                out.push('\n');
            }
            i += 1;
        }
        self.pad(out, 2);
        out.push_str("}\n");
    }

    /// One indicator: `"name" value [note …] [basis …]`.
    fn indicator(&mut self, name: &str, kind: Kind, ctx: &Ctx) -> String {
        let quoted = if self.rng.chance(1, 4) {
            // Names aligned in a column, as in the form.
            let width = 16usize.saturating_sub(name.chars().count());
            format!("\"{name}\"{}", " ".repeat(width))
        } else {
            format!("\"{name}\"")
        };
        let value = self.value(kind, ctx);
        let mut line = match kind {
            Kind::AllowedUpper => {
                format!("@allow(output-upper-bound)   // 外聘课时是控制上限，不是要完成的量\n{quoted} {value}")
            }
            _ => format!("{quoted} {value}"),
        };
        let quantitative = !matches!(kind, Kind::Text(_) | Kind::TimelyText(_) | Kind::Deadline);
        if quantitative && self.rng.chance(1, 12) {
            let k = self.kw("note", "备注");
            let t = self.rng.pick(NOTES);
            line.push_str(&format!(" {k} \"{t}\""));
        }
        if quantitative && self.rng.chance(1, 15) {
            let k = self.kw("basis", "取值依据");
            let t = self.rng.pick(BASES);
            line.push_str(&format!(" {k} \"{t}\""));
        }
        line
    }

    fn value(&mut self, kind: Kind, ctx: &Ctx) -> String {
        match kind {
            Kind::Count(unit) => {
                let n = self.magnitude();
                let cmp = *self.rng.pick(HIGHER);
                let text = self.int_text(n);
                self.quantity(cmp, &text, unit)
            }
            Kind::PersonTime => {
                if self.rng.chance(1, 6) {
                    let n = self.rng.range(2, 30);
                    let cmp = *self.rng.pick(HIGHER);
                    return self.quantity(cmp, &format!("{}.5", n / 2), "万人次");
                }
                let n = self.rng.range(50, 20_000);
                let cmp = *self.rng.pick(HIGHER);
                let text = self.int_text(n);
                self.quantity(cmp, &text, "人次")
            }
            Kind::People => {
                let n = self.rng.range(2, 500);
                let cmp = *self.rng.pick(HIGHER);
                let unit = *self.rng.pick(&["人", "人", "名", "位"]);
                let text = self.int_text(n);
                self.quantity(cmp, &text, unit)
            }
            Kind::Duration => {
                let n = self.rng.range(5, 250);
                let cmp = *self.rng.pick(HIGHER);
                let text = if self.rng.chance(1, 5) {
                    format!("{n}.5")
                } else {
                    self.int_text(n)
                };
                let unit = *self.rng.pick(&["天", "天", "日"]);
                self.quantity(cmp, &text, unit)
            }
            Kind::Measure(unit, lo, hi, frac) => {
                let n = self.rng.range(lo, hi);
                let cmp = *self.rng.pick(HIGHER);
                let text = if frac && self.rng.chance(1, 3) {
                    format!("{n}.{}", self.rng.range(1, 9))
                } else {
                    self.int_text(n)
                };
                self.quantity(cmp, &text, unit)
            }
            Kind::RatioHigh => {
                if self.rng.chance(1, 5) {
                    let cmp = *self.rng.pick(EQUALS);
                    let n = *self.rng.pick(&["100", "100.00"]);
                    return self.quantity(cmp, n, "%");
                }
                let n = self.rng.range(80, 99);
                let text = match self.rng.below(5) {
                    0 => format!("{n}.00"),
                    1 => format!("{n}.5"),
                    _ => n.to_string(),
                };
                let cmp = *self.rng.pick(AT_LEAST);
                self.quantity(cmp, &text, "%")
            }
            Kind::RatioLow => {
                let n = self.rng.range(1, 10);
                let cmp = *self.rng.pick(LOWER);
                let text = if self.rng.chance(1, 4) {
                    format!("{n}.5")
                } else {
                    n.to_string()
                };
                self.quantity(cmp, &text, "%")
            }
            Kind::UpperZero(unit) => {
                let cmp = *self.rng.pick(UPPER_INCLUSIVE);
                self.quantity(cmp, "0", unit)
            }
            Kind::AllowedUpper => {
                let n = self.rng.range(20, 80);
                let cmp = *self.rng.pick(UPPER_INCLUSIVE);
                self.quantity(cmp, &n.to_string(), "课时")
            }
            Kind::Text(list) => format!("\"{}\"", self.rng.pick(list)),
            Kind::TimelyText(list) => {
                if ctx.whole_year && self.rng.chance(1, 2) {
                    format!("\"{}\"", self.rng.pick(MONTH_TEXTS))
                } else {
                    format!("\"{}\"", self.rng.pick(list))
                }
            }
            Kind::Deadline => self.deadline(ctx),
            Kind::DurationCap(unit, lo, hi) => {
                let n = self.rng.range(lo, hi);
                let cmp = *self.rng.pick(LOWER);
                self.quantity(cmp, &n.to_string(), unit)
            }
            Kind::CostTotal => {
                // At most a quarter of the annual amount, so no cost exceeds it.
                let cap = (ctx.annual_fen / 4 / 100).max(1);
                let yuan_amount = self.rng.range((cap / 10).max(1), cap);
                let cmp = *self.rng.pick(LOWER);
                if yuan_amount >= 10_000 && self.rng.chance(1, 3) {
                    // In 万元, rounded down to whole 万元 so it stays under the cap.
                    let w = yuan_amount / 10_000;
                    return self.quantity(cmp, &w.to_string(), "万元");
                }
                let text = if self.rng.chance(1, 2) {
                    format!("{}.00", group(yuan_amount, true))
                } else {
                    group(yuan_amount, self.rng.chance(1, 2))
                };
                self.quantity(cmp, &text, "元")
            }
            Kind::CostPer(unit, lo, hi) | Kind::CostOther(unit, lo, hi) => {
                let n = self.rng.range(lo, hi);
                let cmp = if n == 0 {
                    *self.rng.pick(UPPER_INCLUSIVE)
                } else {
                    *self.rng.pick(LOWER)
                };
                let text = self.int_text(n);
                self.quantity(cmp, &text, unit)
            }
            Kind::Money(lo, hi) => {
                let n = self.rng.range(lo, hi);
                let cmp = *self.rng.pick(AT_LEAST);
                self.quantity(cmp, &n.to_string(), "万元")
            }
            Kind::Satisfaction => {
                let n = self.rng.range(80, 95);
                let cmp = *self.rng.pick(AT_LEAST);
                let text = if self.rng.chance(1, 4) {
                    format!("{n}.00")
                } else {
                    n.to_string()
                };
                self.quantity(cmp, &text, ctx.satisfaction_unit)
            }
        }
    }

    /// A count: mostly small, sometimes thousands.
    fn magnitude(&mut self) -> u64 {
        match self.rng.below(20) {
            0 => self.rng.range(2_000, 50_000),
            1..=5 => self.rng.range(60, 2_000),
            _ => self.rng.range(1, 60),
        }
    }

    /// A whole number as people write it: `12`, `12.00`, `1,200`, `1200`.
    fn int_text(&mut self, n: u64) -> String {
        match self.rng.below(6) {
            0 => format!("{}.00", group(n, true)),
            1 | 2 => group(n, false),
            _ => group(n, true),
        }
    }

    /// `cmp number unit` with the unit bare, spaced or in either kind of parentheses.
    fn quantity(&mut self, cmp: &str, number: &str, unit: &str) -> String {
        let space = if cmp.is_ascii() && self.rng.chance(1, 4) {
            ""
        } else {
            " "
        };
        let unit = match self.rng.below(8) {
            0 => format!("({unit})"),
            1 => format!("（{unit}）"),
            2 | 3 => unit.to_string(),
            _ => format!(" {unit}"),
        };
        format!("{cmp}{space}{number}{unit}")
    }

    /// `by DATE [and DATE] ["text"]`, every date inside the period.
    fn deadline(&mut self, ctx: &Ctx) -> String {
        let k = self.kw("by", "截至");
        let first = self.deadline_date(ctx, None);
        let mut dates = vec![first.clone()];
        if self.rng.chance(1, 4) {
            let second = self.deadline_date(ctx, Some(first.1));
            if second.1 > first.1 {
                dates.push(second);
            }
        }
        let sep = match self.rng.below(4) {
            0 => {
                if self.zh() {
                    " 和 "
                } else {
                    " and "
                }
            }
            1 => "、",
            2 => ", ",
            _ => "，",
        };
        let list: Vec<&str> = dates.iter().map(|(t, _)| t.as_str()).collect();
        let mut s = format!("{k} {}", list.join(sep));
        if self.rng.chance(1, 3) {
            let text = if ctx.whole_year && self.rng.chance(1, 2) {
                if dates.len() == 2 {
                    "上下半年各一次"
                } else {
                    *self
                        .rng
                        .pick(&["二季度完成开题，四季度完成结题", "年底前完成"])
                }
            } else {
                *self.rng.pick(DEADLINE_TEXTS)
            };
            s.push_str(&format!(" \"{text}\""));
        }
        s
    }

    /// A date written as a day, month, quarter or half whose last day lies in the period
    /// (and after `after`, if given). Returns its text and last day.
    fn deadline_date(&mut self, ctx: &Ctx, after: Option<Date>) -> (String, Date) {
        let (s, e) = (ctx.start, ctx.end);
        // Candidate months whose end is inside the period.
        let mut months = Vec::new();
        let (mut y, mut m) = (s.y, s.m);
        while (y, m) <= (e.y, e.m) {
            let last = month_end(y, m);
            if last >= s && last <= e && after.is_none_or(|a| last > a) {
                months.push((y, m));
            }
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
        let Some(&(y, m)) = (if months.is_empty() {
            None
        } else {
            Some(self.rng.pick(&months))
        }) else {
            return (day(e), e);
        };
        let last = month_end(y, m);
        match self.rng.below(6) {
            0 if m % 3 == 0 => (format!("{y}-Q{}", m / 3), last),
            1 if m % 6 == 0 => (format!("{y}-H{}", m / 6), last),
            2 | 3 => (format!("{y}-{m:02}"), last),
            4 => {
                // A day inside the month (and the period), not always its last.
                let d = self.rng.range(1, u64::from(last.d)) as u32;
                let date = Date { y, m, d };
                if date >= s && after.is_none_or(|a| date > a) {
                    (day(date), date)
                } else {
                    (day(last), last)
                }
            }
            _ => (day(last), last),
        }
    }
}

/// `1234567` as `1,234,567` (or plain).
fn group(n: u64, commas: bool) -> String {
    let s = n.to_string();
    if !commas {
        return s;
    }
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn underscored(n: u64) -> String {
    group(n, true).replace(',', "_")
}

/// 分 as 元 with two decimals: `1,250,000.50`.
fn yuan(fen: u64, commas: bool) -> String {
    format!("{}.{:02}", group(fen / 100, commas), fen % 100)
}

// ---------------------------------------------------------------------------------------
// Through perfc's public entry points

/// The diagnostics of a compilation, one short line each, at most `max` of them.
pub fn describe(c: &perfc::Compilation, max: usize) -> String {
    let mut s = String::new();
    for d in c.diagnostics.iter().take(max) {
        s.push_str(&perfc::diag::render::render_short(
            &c.files,
            d,
            perfc::diag::Lang::En,
        ));
        s.push('\n');
    }
    if c.diagnostics.len() > max {
        s.push_str(&format!("… and {} more\n", c.diagnostics.len() - max));
    }
    s
}

/// perfc's own JSON (`build --emit json`) of a compilation.
pub fn json(c: &perfc::Compilation) -> String {
    let bytes = perfc::emit::emit(
        perfc::emit::Format::Json,
        c,
        &perfc::emit::Options::default(),
    )
    .expect("the JSON emitter does not fail");
    String::from_utf8(bytes).expect("JSON is UTF-8")
}

/// Files as `perfc::compile` takes them.
pub fn inputs(files: &[(String, String)]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|(name, text)| (name.clone(), text.as_bytes().to_vec()))
        .collect()
}
