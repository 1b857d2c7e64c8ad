// Does OCR pre-annotation help? Renders images of Chinese (and some English) text with known content,
// runs the built-in OCR engine (Tesseract, chi_sim+eng, as the `tesseract` model backend does) on each,
// and compares labelling with and without the OCR text as a starting point.
// Usage: npm run bench -- ocr-preannotation [images=30]
//
// Measured: the OCR's character error rate against the known text (CER, core's jiwer-compatible
// alignment) and its seconds per image. Time-to-label and final accuracy of a person are MODELLED, not
// measured (no people in a benchmark), with a keystroke-level model whose constants are printed with the
// result: typing a Chinese character through a pinyin IME, reading a pre-filled character against the
// image, fixing one OCR error (find, select, retype), the person's own typing error rate, and the share
// of OCR errors a person overlooks. Change them with environment variables (OCR_BENCH_TYPE_CJK etc.).
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { characterErrorRate } from '../packages/core/dist/index.js';

const n = Number(process.argv[2] ?? 30);
const env = (name, fallback) => Number(process.env[name] ?? fallback);
const model = {
  typeCjkSeconds: env('OCR_BENCH_TYPE_CJK', 1.2),
  typeAsciiSeconds: env('OCR_BENCH_TYPE_ASCII', 0.3),
  readSeconds: env('OCR_BENCH_READ', 0.25),
  fixSeconds: env('OCR_BENCH_FIX', 3.0),
  humanErrorRate: env('OCR_BENCH_HUMAN_ERRORS', 0.01),
  missedOcrErrors: env('OCR_BENCH_MISSED', 0.1),
};

const SENTENCES = [
  '今天天气很好，我们去公园', '中华人民共和国成立于北京', '请在下方签名并注明日期', '本店营业时间为早上九点至晚上十点',
  '会议将于下午三点在二号楼召开', '请保管好您的随身物品', '前方施工，请绕行', '欢迎光临，请出示健康码',
  '发票抬头：北京云冈科技有限公司', '合同编号：HT-2026-0815', '总金额：人民币壹万贰仟元整', '收货地址：上海市浦东新区世纪大道100号',
  '患者姓名：张三，年龄：45岁', '禁止吸烟 No Smoking', '出口 EXIT', '地铁二号线换乘站',
  '本产品保质期为十二个月', '请勿在车厢内饮食', '图书馆闭馆时间为晚上九点', '学生证有效期至2027年6月',
  '快递单号：SF1234567890', '温馨提示：小心地滑', '银行卡号请勿泄露', '订单已发货，请注意查收',
  '办公室位于三楼东侧', '访客请在前台登记', '本次列车开往广州南站', '停车场入口限高两米',
  '感谢您的耐心等待', 'Hello OCR 2026',
];

function isCjk(ch) {
  return /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u.test(ch);
}

async function render(text) {
  const size = 44;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(300, [...text].length * size + 80)}" height="${size * 2 + 20}"><rect width="100%" height="100%" fill="white"/><text x="30" y="${size + 25}" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-size="${size}" fill="black">${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

let typedSeconds = 0;
let correctedSeconds = 0;
let ocrSeconds = 0;
let refChars = 0;
let ocrErrors = 0;
const examples = [];
for (let i = 0; i < n; i++) {
  const truth = SENTENCES[i % SENTENCES.length];
  const png = await render(truth);
  const started = process.hrtime.bigint();
  const ocr = execFileSync('tesseract', ['-', '-', '-l', 'chi_sim+eng', '--psm', '7'], { input: png, stdio: ['pipe', 'pipe', 'ignore'] }).toString('utf8').trim();
  ocrSeconds += Number(process.hrtime.bigint() - started) / 1e9;
  const chars = [...truth];
  const rate = characterErrorRate(truth, ocr);
  const edits = rate.substitutions + rate.deletions + rate.insertions;
  refChars += chars.length;
  ocrErrors += edits;
  // Without pre-annotation: type every character. With: read the OCR text against the image, fix its errors.
  typedSeconds += chars.reduce((s, ch) => s + (isCjk(ch) ? model.typeCjkSeconds : model.typeAsciiSeconds), 0);
  correctedSeconds += chars.length * model.readSeconds + edits * model.fixSeconds;
  if (edits > 0 && examples.length < 5) examples.push({ truth, ocr });
}

const ocrCer = ocrErrors / refChars;
const withoutAccuracy = 1 - model.humanErrorRate;
// With pre-annotation: overlooked OCR errors stay; the characters a person retypes carry their own error rate.
const withAccuracy = 1 - (ocrCer * model.missedOcrErrors + ocrCer * (1 - model.missedOcrErrors) * model.humanErrorRate);
console.log(
  JSON.stringify({
    images: n,
    characters: refChars,
    ocrCer: Math.round(ocrCer * 10000) / 10000,
    ocrSecondsPerImage: Math.round((ocrSeconds / n) * 1000) / 1000,
    secondsPerTaskWithout: Math.round((typedSeconds / n) * 100) / 100,
    secondsPerTaskWith: Math.round((correctedSeconds / n) * 100) / 100,
    speedup: Math.round((typedSeconds / correctedSeconds) * 100) / 100,
    charAccuracyWithout: Math.round(withoutAccuracy * 10000) / 10000,
    charAccuracyWith: Math.round(withAccuracy * 10000) / 10000,
    model,
    ocrErrorExamples: examples,
  }),
);
