/**
 * Mainland street addresses through a dictionary: every province-level name, the larger cities, then
 * address components read left to right (district/county, town/street office, road, number, estate or
 * building, unit/floor/room). A match needs an administrative anchor plus at least one further component
 * (上海市浦东新区, 广州天河区体育西路), or, without an anchor, a road with a number (中山路25号).
 * Cities outside the list are found only through their province or a road and number.
 */
import type { PiiDetector, PiiMatch } from './pii-match.js';

const PROVINCES = '北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门';
const CITIES =
  '广州|深圳|杭州|南京|苏州|成都|武汉|西安|长沙|郑州|沈阳|大连|青岛|济南|厦门|福州|宁波|无锡|合肥|南昌|昆明|贵阳|南宁|海口|三亚|兰州|西宁|银川|乌鲁木齐|拉萨|呼和浩特|哈尔滨|长春|石家庄|太原|佛山|东莞|珠海|中山|惠州|温州|绍兴|嘉兴|金华|台州|常州|南通|徐州|扬州|烟台|潍坊|临沂|洛阳|宜昌|襄阳|株洲|岳阳|桂林|柳州|绵阳|遵义|大理|丽江|泉州|漳州|保定|唐山|邯郸|秦皇岛|汕头|湛江|江门|芜湖|蚌埠|赣州|九江|包头|鞍山|吉林|大庆|齐齐哈尔|威海|淄博|泰安|济宁|德州|聊城|菏泽|开封|南阳|新乡|衡阳|常德|宜宾|南充|泸州|德阳';

const ANCHOR = new RegExp(`(?:${PROVINCES})(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?((?:${CITIES})市?)?|(?:${CITIES})市?`, 'g');
const HAN = '[\\u4e00-\\u9fa5]';
const COMPONENTS = [
  new RegExp(`${HAN}{1,5}?(?:新区|区|县|旗)`, 'y'),
  new RegExp(`${HAN}{1,6}?(?:街道|镇|乡)`, 'y'),
  new RegExp(`(?:${HAN}|\\d){1,8}?(?:大道|路|街|巷|弄|胡同|村)`, 'y'),
  /\d+(?:-\d+)?号(?:院)?/y,
  new RegExp(`${HAN}{2,8}?(?:小区|大厦|花园|公寓|广场|中心|家园|新村)`, 'y'),
  /(?:\d+(?:栋|幢|号楼|座|单元|层|楼|室))+/y,
];
const ROAD_NUMBER = new RegExp(`${HAN}{1,6}(?:大道|路|街)\\d+(?:-\\d+)?号(?:\\d+(?:栋|幢|号楼|座|单元|层|楼|室))*`, 'g');
// Words that lead into an address and are not part of it.
const LEAD_IN = /^(?:.*?(?:住在|位于|地址是|地址|寄到|送到|搬到|在))/;

function extend(text: string, from: number): { end: number; parts: number } {
  let pos = from;
  let parts = 0;
  for (const component of COMPONENTS) {
    component.lastIndex = pos;
    const m = component.exec(text);
    if (m) {
      pos += m[0].length;
      parts++;
    }
  }
  return { end: pos, parts };
}

export const addressDetector: PiiDetector = {
  type: 'address',
  find(text) {
    const out: PiiMatch[] = [];
    ANCHOR.lastIndex = 0;
    let covered = 0;
    for (let m = ANCHOR.exec(text); m !== null; m = ANCHOR.exec(text)) {
      const { end, parts } = extend(text, m.index + m[0].length);
      // Province and city together (广东省广州市) already say more than a region name does.
      if (parts >= 1 || m[1] !== undefined) {
        out.push({ type: 'address', start: m.index, end, value: text.slice(m.index, end) });
        covered = end;
        ANCHOR.lastIndex = end;
      }
    }
    ROAD_NUMBER.lastIndex = 0;
    for (let m = ROAD_NUMBER.exec(text); m !== null; m = ROAD_NUMBER.exec(text)) {
      const lead = m[0].match(LEAD_IN)?.[0].length ?? 0;
      const start = m.index + lead;
      const end = m.index + m[0].length;
      if (out.some((o) => start < o.end && end > o.start) || start < covered) continue;
      out.push({ type: 'address', start, end, value: text.slice(start, end) });
    }
    return out;
  },
};
