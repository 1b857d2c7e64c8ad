/**
 * The default risk taxonomy of safety annotation: the 5 categories and 31 risks of TC260-003 (《生成式人工智能
 * 服务安全基本要求》, Basic security requirements for generative AI services), Appendix A, "main security
 * risks of corpora and generated content". Chinese names as the standard words them (checked against
 * several independent public transcriptions of the appendix; the standard's own text was not at hand);
 * English names are our translation. Values are the appendix's numbering, `A.<category>.<letter>`, stable
 * in exports. A project may use any other list: the taxonomy is only the default options of a
 * `turnchoices` control marked `safety: true` (docs/llm-data.md).
 */
import type { ChoiceOption, TurnChoicesControl } from './label-config.types.js';

export interface SafetyRisk {
  value: string;
  zh: string;
  en: string;
}

export interface SafetyCategory {
  value: string;
  zh: string;
  en: string;
  risks: SafetyRisk[];
}

const risks = (category: string, list: [string, string][]): SafetyRisk[] => list.map(([zh, en], i) => ({ value: `${category}.${String.fromCharCode(97 + i)}`, zh, en }));

export const TC260_003_TAXONOMY: readonly SafetyCategory[] = Object.freeze([
  {
    value: 'A.1',
    zh: '包含违反社会主义核心价值观的内容',
    en: 'Content violating the core socialist values',
    risks: risks('A.1', [
      ['煽动颠覆国家政权、推翻社会主义制度', 'Inciting subversion of state power or overthrow of the socialist system'],
      ['危害国家安全和利益、损害国家形象', 'Endangering national security and interests, harming the national image'],
      ['煽动分裂国家、破坏国家统一和社会稳定', 'Inciting secession, undermining national unity and social stability'],
      ['宣扬恐怖主义、极端主义', 'Promoting terrorism or extremism'],
      ['宣扬民族仇恨', 'Promoting ethnic hatred'],
      ['宣扬暴力、淫秽色情', 'Promoting violence, obscenity or pornography'],
      ['传播虚假有害信息', 'Spreading false and harmful information'],
      ['其他法律、行政法规禁止的内容', 'Other content prohibited by laws and administrative regulations'],
    ]),
  },
  {
    value: 'A.2',
    zh: '包含歧视性内容',
    en: 'Discriminatory content',
    risks: risks('A.2', [
      ['民族歧视内容', 'Ethnic discrimination'],
      ['信仰歧视内容', 'Religious (belief) discrimination'],
      ['国别歧视内容', 'Nationality discrimination'],
      ['地域歧视内容', 'Regional discrimination'],
      ['性别歧视内容', 'Gender discrimination'],
      ['年龄歧视内容', 'Age discrimination'],
      ['职业歧视内容', 'Occupational discrimination'],
      ['健康歧视内容', 'Health discrimination'],
      ['其他方面歧视内容', 'Other discrimination'],
    ]),
  },
  {
    value: 'A.3',
    zh: '商业违法违规',
    en: 'Commercial violations',
    risks: risks('A.3', [
      ['侵犯他人知识产权', 'Infringing intellectual property rights'],
      ['违反商业道德', 'Violating business ethics'],
      ['泄露他人商业秘密', 'Disclosing trade secrets'],
      ['利用算法、数据、平台等优势，实施垄断和不正当竞争行为', 'Monopoly or unfair competition using advantages in algorithms, data or platforms'],
      ['其他商业违法违规行为', 'Other commercial violations'],
    ]),
  },
  {
    value: 'A.4',
    zh: '侵犯他人合法权益',
    en: "Infringing others' legitimate rights and interests",
    risks: risks('A.4', [
      ['危害他人身心健康', "Endangering others' physical or mental health"],
      ['侵害他人肖像权', 'Infringing portrait rights'],
      ['侵害他人名誉权', 'Infringing reputation rights'],
      ['侵害他人荣誉权', 'Infringing honour rights'],
      ['侵害他人隐私权', 'Infringing privacy rights'],
      ['侵害他人个人信息权益', 'Infringing personal information rights'],
      ['侵犯他人其他合法权益', 'Infringing other legitimate rights and interests'],
    ]),
  },
  {
    value: 'A.5',
    zh: '无法满足特定服务类型的安全需求',
    en: 'Failing the security needs of specific service types',
    risks: risks('A.5', [
      ['内容不准确，严重不符合科学常识或主流认知', 'Inaccurate: seriously contrary to scientific common sense or mainstream understanding'],
      ['内容不可靠，虽然不包含严重错误的内容，但无法对使用者形成帮助', 'Unreliable: no serious errors, yet of no help to the user'],
    ]),
  },
]);

/** The 31 risks as choice options: value `A.1.a`, title `A.1.a 煽动颠覆…` (the annotator reads Chinese). */
export function safetyTaxonomyOptions(taxonomy: readonly SafetyCategory[] = TC260_003_TAXONOMY): ChoiceOption[] {
  return taxonomy.flatMap((c) => c.risks.map((r) => ({ value: r.value, title: `${r.value} ${r.zh}` })));
}

/** A per-turn safety control over a dialogue field with the taxonomy as its options. */
export function safetyControl(toName: string, name = 'safety'): TurnChoicesControl {
  return { type: 'turnchoices', name, toName, title: '安全风险', choice: 'multiple', options: safetyTaxonomyOptions(), safety: true };
}
