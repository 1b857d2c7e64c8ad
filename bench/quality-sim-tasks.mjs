// The synthetic task families of bench/quality-sim.mjs: how to make a hidden truth, how an annotator with
// accuracy p answers, and how to score what the platform delivers against the truth.
import { chineseNerTemplate, characterErrorRate, spanF1, textClassificationTemplate, transcriptionTemplate } from '../packages/core/dist/index.js';

const pick = (list, rnd) => list[Math.floor(rnd() * list.length)];

const CLASSES = ['positive', 'negative', 'neutral'];
/** 3-class text classification; a wrong answer is uniform over the other classes. */
const classification = {
  config: textClassificationTemplate,
  make: (i, rnd) => ({ data: { text: `样本 ${i}` }, truth: pick(CLASSES, rnd) }),
  answer: (truth, p, rnd) => [{ id: 'r', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [rnd() < p ? truth : pick(CLASSES.filter((c) => c !== truth), rnd)] } }],
  exact: (result, truth) => result.find((r) => r.type === 'choices')?.value.choices[0] === truth,
  score: () => ({}),
};

const GAZETTEER = {
  PER: ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄敏'],
  LOC: ['北京', '上海', '大同', '云冈', '山西', '广州', '武州山', '平城'],
  ORG: ['云冈研究院', '大同大学', '山西博物院', '国家文物局', '文旅集团'],
};
const FILLERS = ['在', '参观了', '和', '前往', '今天', '报告说', '考察', '会见了', '，', '于'];
const LABELS = Object.keys(GAZETTEER);
/** Chinese NER: three entities per sentence. Per entity an annotator is right with p; else misses it, mislabels it or gets a boundary wrong. */
const ner = {
  config: chineseNerTemplate,
  make(i, rnd) {
    let text = `${i}号：`;
    const spans = [];
    for (let k = 0; k < 3; k++) {
      const label = pick(LABELS, rnd);
      const name = pick(GAZETTEER[label], rnd);
      const start = Array.from(text).length;
      text += name;
      spans.push({ start, end: start + Array.from(name).length, label });
      text += pick(FILLERS, rnd);
    }
    return { data: { text: text + '。' }, truth: spans };
  },
  answer(truth, p, rnd, data) {
    const chars = Array.from(data.text);
    const out = [];
    for (const s of truth) {
      let { start, end, label } = s;
      if (rnd() >= p) {
        const error = rnd();
        if (error < 1 / 3) continue;
        if (error < 2 / 3) label = pick(LABELS.filter((l) => l !== label), rnd);
        else end = end - start > 1 && rnd() < 0.5 ? end - 1 : end + 1;
      }
      out.push({ start, end, label });
    }
    return out.map((s, n) => ({ id: `s${n}`, from_name: 'ner', to_name: 'text', type: 'labels', value: { start: s.start, end: s.end, text: chars.slice(s.start, s.end).join(''), labels: [s.label] } }));
  },
  spans: (result) => result.filter((r) => r.type === 'labels').flatMap((r) => r.value.labels.map((label) => ({ start: r.value.start, end: r.value.end, label }))),
  exact(result, truth) {
    const key = (s) => `${s.start}:${s.end}:${s.label}`;
    const got = ner.spans(result).map(key).sort();
    return JSON.stringify(got) === JSON.stringify(truth.map(key).sort());
  },
  score: (records) => ({ spanF1: spanF1(records.map((r) => r.truth), records.map((r) => ner.spans(r.result)), { mode: 'strict' }).f1 }),
};

// Characters of everyday Mandarin, and near-homophones an ear (or an ASR draft) confuses them with.
const HANZI = Array.from('的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞');
/** Mandarin transcription: per character an annotator is right with p; else substitutes (60 %), drops (20 %) or inserts (20 %) one. */
const transcript = {
  config: transcriptionTemplate,
  make(i, rnd) {
    const length = 18 + Math.floor(rnd() * 10);
    return { data: { image: `/sim/${i}.png` }, truth: Array.from({ length }, () => pick(HANZI, rnd)).join('') };
  },
  answer(truth, p, rnd) {
    let text = '';
    for (const ch of Array.from(truth)) {
      if (rnd() < p) text += ch;
      else {
        const error = rnd();
        if (error < 0.6) text += pick(HANZI, rnd);
        else if (error < 0.8) continue;
        else text += ch + pick(HANZI, rnd);
      }
    }
    return text === '' ? [] : [{ id: 't', from_name: 'transcript', to_name: 'image', type: 'textarea', value: { text: [text] } }];
  },
  text: (result) => result.find((r) => r.type === 'textarea')?.value.text.join('\n') ?? '',
  exact: (result, truth) => transcript.text(result) === truth,
  score(records) {
    // Corpus CER: all edits over all reference characters (jiwer's convention for a list of sentences).
    const m = characterErrorRate(records.map((r) => r.truth), records.map((r) => transcript.text(r.result)));
    return { cer: m.rate };
  },
};

export const TASKS = { classification, ner, transcript };
