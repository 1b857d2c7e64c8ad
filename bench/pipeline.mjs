// Preprocessing throughput and dedup quality (issue 8, item 6): short Chinese and English texts, generated
// deterministically with planted near-duplicates and planted PII, go through normalize + PII masking +
// MinHash-LSH near-dedup with the product's own pipeline runner (packages/core/src/pipeline).
//
// Near-duplicates are copies of an earlier original with small edits: one or two characters replaced,
// inserted or deleted (never inside planted PII), full-width/half-width and punctuation changes, extra
// spaces, case changes. A dropped record counts as a true positive when the record it is said to
// duplicate belongs to the same planted group; anything else it drops is a false positive.
//
// Throughput is records per core-second: records / CPU seconds of the process (user + system, all
// threads, GC included) spent inside the pipeline; generation is timed apart and excluded.
// Usage: node bench/pipeline.mjs [n=1000000] [threshold=0.7] [dupRate=0.2] [seed=8]
import { createPipeline, parsePipelineSpec, seededRandom } from '../packages/core/dist/index.js';

const named = Object.fromEntries(process.argv.slice(2).filter((a) => a.includes('=')).map((a) => a.split('=')));
const n = Number(named.n ?? 1_000_000);
const threshold = Number(named.threshold ?? 0.7);
const dupRate = Number(named.dupRate ?? 0.2);
const next = seededRandom(Number(named.seed ?? 8));
const FLOORS = { recordsPerCoreSecond: 1600, f1: 0.95 };

const pick = (list) => list[Math.floor(next() * list.length)];
const HAN = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';
const ZH_WORDS = Array.from({ length: 6000 }, () => HAN[Math.floor(next() * HAN.length)] + HAN[Math.floor(next() * HAN.length)] + (next() < 0.3 ? HAN[Math.floor(next() * HAN.length)] : ''));
const SYLLABLES = 'ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge go gu ha he hi ho la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo wa we wi ya yo za ze zo ant ent ing ion est ous ble ter der ver'.split(' ');
const EN_WORDS = Array.from({ length: 8000 }, () => Array.from({ length: 2 + Math.floor(next() * 2) }, () => pick(SYLLABLES)).join(''));
const EN_FUNCTION = 'the of and to a in is it that for on with as was at by from this have are not but or'.split(' ');

// Planted PII, each valid for its detector (checksums computed, not typed in).
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const digits = (k) => Array.from({ length: k }, () => Math.floor(next() * 10)).join('');
function idCard() {
  const body = `${pick(['11', '31', '44', '51', '33'])}0105${1950 + Math.floor(next() * 50)}${String(1 + Math.floor(next() * 12)).padStart(2, '0')}${String(1 + Math.floor(next() * 28)).padStart(2, '0')}${digits(3)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * ID_WEIGHTS[i];
  return body + '10X98765432'[sum % 11];
}
function bankCard() {
  const body = `62${digits(14)}`;
  for (let d = 0; d < 10; d++) {
    const s = body + d;
    let sum = 0;
    for (let i = s.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
      let x = Number(s[i]);
      if (dbl && (x *= 2) > 9) x -= 9;
      sum += x;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}
const PII = [
  () => `手机${pick(['138', '139', '150', '186', '199'])}${digits(8)}`,
  () => `邮箱 ${pick(EN_WORDS)}${digits(2)}@${pick(['qq.com', 'example.cn', '163.com'])}`,
  () => `身份证${idCard()}`,
  () => `卡号${bankCard()}`,
  () => `IP ${10 + Math.floor(next() * 200)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${1 + Math.floor(next() * 254)}`,
  () => `车牌${pick(['京', '沪', '粤', '苏'])}${pick(['A', 'B', 'C'])}${digits(5)}`,
  () => `联系人${pick(['张', '王', '李', '刘'])}${pick(['伟', '芳', '娜', '强', '磊'])}`,
];

function original() {
  const zh = next() < 0.6;
  const parts = [];
  if (zh) {
    const words = 10 + Math.floor(next() * 16);
    for (let i = 0; i < words; i++) parts.push(pick(ZH_WORDS) + (next() < 0.12 ? pick(['，', '。', '、']) : ''));
  } else {
    const words = 10 + Math.floor(next() * 14);
    for (let i = 0; i < words; i++) parts.push((next() < 0.3 ? pick(EN_FUNCTION) : pick(EN_WORDS)) + (next() < 0.08 ? ',' : ''));
  }
  let text = parts.join(zh ? '' : ' ');
  if (!zh) text = text[0].toUpperCase() + text.slice(1) + '.';
  if (next() < 0.25) text += (zh ? '，' : ', ') + pick(PII)();
  return text;
}

const FULL = (c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c === ' ' ? '\u3000' : c);
const PUNCT_SWAP = { '，': ',', ',': '，', '。': '.', '.': '。', '、': ',' };
function mutate(text) {
  let out = text;
  // One or two small edits away from digits, '@' and the PII label, so planted PII stays detectable.
  const edits = next() < 0.6 ? 1 : 2;
  for (let e = 0; e < edits; e++) {
    const protect = out.search(/[，,] ?(?:手机|邮箱|身份证|卡号|IP|车牌|联系人)/);
    const limit = protect > 0 ? protect : out.length;
    const at = Math.floor(next() * limit);
    const filler = /[\u4e00-\u9fff]/.test(out[at] ?? '') ? pick(HAN) : pick('abcdefghijklmnopqrstuvwxyz'.split(''));
    const kind = next();
    if (kind < 0.4) out = out.slice(0, at) + filler + out.slice(at + 1);
    else if (kind < 0.7) out = out.slice(0, at) + filler + out.slice(at);
    else out = out.slice(0, at) + out.slice(at + 1);
  }
  if (next() < 0.3) out = out.replace(/[，,。.、]/g, (c) => PUNCT_SWAP[c] ?? c);
  if (next() < 0.2) {
    const from = Math.floor(next() * out.length);
    out = out.slice(0, from) + [...out.slice(from, from + 12)].map(FULL).join('') + out.slice(from + 12);
  }
  if (next() < 0.2) out = out.replace(/ /g, () => (next() < 0.2 ? '  ' : ' '));
  if (next() < 0.1) out = out.toUpperCase();
  return out;
}

const spec = parsePipelineSpec({
  operators: [
    { op: 'normalize' },
    { op: 'pii', types: { mobile: 'pseudonymize', email: 'pseudonymize' } },
    { op: 'near-dedup', threshold },
  ],
});
const pipeline = createPipeline(spec, { pseudonymKey: 'bench-pipeline-secret' });

const RING = 200_000;
const ring = [];
const group = new Int32Array(n);
let planted = 0;
let truePositive = 0;
let falsePositive = 0;
let piiChanged = 0;
let cpuMicros = 0;
let wallMs = 0;
let generateMs = 0;
const BATCH = 10_000;
for (let start = 0; start < n; start += BATCH) {
  const g0 = performance.now();
  const batch = [];
  for (let i = start; i < Math.min(n, start + BATCH); i++) {
    if (ring.length > 0 && next() < dupRate) {
      const source = ring[Math.floor(next() * ring.length)];
      group[i] = source.index;
      planted++;
      batch.push({ text: mutate(source.text) });
    } else {
      const text = original();
      group[i] = i;
      if (ring.length < RING) ring.push({ text, index: i });
      else ring[Math.floor(next() * RING)] = { text, index: i };
      batch.push({ text });
    }
  }
  generateMs += performance.now() - g0;
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const results = batch.map((record) => pipeline.process(record));
  wallMs += performance.now() - w0;
  const c1 = process.cpuUsage(c0);
  cpuMicros += c1.user + c1.system;
  results.forEach((out, k) => {
    const i = start + k;
    if (out.status === 'dropped') {
      if (group[i] !== i && group[out.droppedBy.duplicateOf] === group[i]) truePositive++;
      else falsePositive++;
    }
  });
}
for (const op of pipeline.stats().operators) if (op.op === 'pii') piiChanged = op.changed;

const stats = pipeline.stats();
const near = stats.operators.find((o) => o.op === 'near-dedup');
const dropped = truePositive + falsePositive;
const precision = dropped === 0 ? 1 : truePositive / dropped;
const recall = planted === 0 ? 1 : truePositive / planted;
const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
const cpuSeconds = cpuMicros / 1e6;
const kept = n - dropped;
const result = {
  records: n,
  operators: 'normalize + pii (mask; mobile/email pseudonymized) + near-dedup',
  threshold,
  nearDedupLayout: undefined,
  wallSeconds: +(wallMs / 1000).toFixed(1),
  cpuSeconds: +cpuSeconds.toFixed(1),
  coresUsed: +(cpuSeconds / (wallMs / 1000)).toFixed(2),
  recordsPerCoreSecond: Math.round(n / cpuSeconds),
  generateSeconds: +(generateMs / 1000).toFixed(1),
  piiChanged,
  dedup: { planted, dropped, truePositive, falsePositive, precision: +precision.toFixed(4), recall: +recall.toFixed(4), f1: +f1.toFixed(4) },
  nearDedupIndexMB: +((near?.memoryBytes ?? 0) / 2 ** 20).toFixed(1),
  indexBytesPerKeptRecord: Math.round((near?.memoryBytes ?? 0) / kept),
  peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  floors: FLOORS,
};
result.floorsMet = result.recordsPerCoreSecond >= FLOORS.recordsPerCoreSecond && result.dedup.f1 >= FLOORS.f1;
delete result.nearDedupLayout;
console.log(JSON.stringify(result));
if (!result.floorsMet) process.exitCode = 1;
