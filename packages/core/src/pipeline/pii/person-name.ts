/**
 * Chinese personal names through a dictionary: a surname (about 250 common single-character ones
 * and the common compound ones) followed by one or two characters from a list of frequent given-name
 * characters. A surname-looking bigram is everywhere in ordinary text (王国, 高兴, 周末, 万一), so a
 * candidate only counts with context: a cue before it (姓名, 叫, 我是, 联系人, 收件人 …) or a title or
 * reporting verb after it (先生, 女士, 老师, 经理, 说, 表示 …). This trades recall for precision; the
 * figures on the labelled sample in person-name.test.ts are in docs/pipelines.md.
 * No model is used: none ships with the product.
 */
import type { PiiDetector, PiiMatch } from './pii-match.js';

const SINGLE_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '呼延'];
const GIVEN_CHARS = new Set(
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉健晶飞波斌宇浩凯亮俊帅婷雪琳晨欣怡佳悦梓涵子轩睿博文一诺雨彤晓东海峰建国志林丹燕玲颖慧倩琴云兰凤洁梅琳荣新春生成龙虎宏宁安家嘉诗思雅蕾薇璐瑶萱菲铭哲宸泽昊然皓天锦瑞祥福寿德仁义礼智信忠孝贤良淑美慧秋冬夏清晴阳光辰星月亮鑫鹤鸣翔宾彬振兴旭昌盛晖炜毅刚坤立庆祖耀武力豪杰俊逸凡若曦紫嫣可馨语婉蓉芸莉蔚茹媛珊琪瑾瑜璇翠素霖娇岚芝莹霏茜妍'.split(''),
);
// Cues that announce a name before it, and titles or reporting verbs that follow one.
const BEFORE = /(?:姓名|名字|名叫|叫做|叫|我是|联系人|收件人|收货人|寄件人|患者|病人|学生|员工|客户|委托人|当事人|负责人|经办人|签名|签字|致|同事|朋友|找)[:：\s]?$/;
const AFTER = /^(?:先生|女士|小姐|老师|医生|大夫|经理|主任|总监|教授|律师|同学|师傅|阿姨|叔叔|的电话|的手机|的地址|的身份证|说|表示|告诉|认为|介绍|回忆|指出|称|[，,]\s*(?:电话|手机|男|女|身份证))/;

const SURNAME_PATTERN = new RegExp(`${COMPOUND_SURNAMES.join('|')}|[${SINGLE_SURNAMES}]`, 'g');

export const personNameDetector: PiiDetector = {
  type: 'name',
  find(text) {
    const out: PiiMatch[] = [];
    SURNAME_PATTERN.lastIndex = 0;
    for (let m = SURNAME_PATTERN.exec(text); m !== null; m = SURNAME_PATTERN.exec(text)) {
      const start = m.index;
      const givenStart = start + m[0].length;
      const before = text.slice(Math.max(0, start - 5), start);
      // Try the two-character given name first, then one.
      for (const length of [2, 1]) {
        const given = text.slice(givenStart, givenStart + length);
        if (given.length !== length || ![...given].every((c) => GIVEN_CHARS.has(c))) continue;
        const end = givenStart + length;
        const after = text.slice(end, end + 6);
        if (BEFORE.test(before) || AFTER.test(after)) {
          out.push({ type: 'name', start, end, value: text.slice(start, end) });
          SURNAME_PATTERN.lastIndex = end;
          break;
        }
      }
    }
    return out;
  },
};
