/**
 * A small labelled sample for measuring the dictionary name and address detectors (used by the tests
 * and quoted in docs/pipelines.md). <n>…</n> marks a person's name, <a>…</a> an address. Written by hand
 * to resemble customer-service logs, forms and news; a third of the sentences hold no name or address
 * but do hold surname-like words (王国, 高兴, 周末) and place names that are not addresses.
 */
export const NAME_ADDRESS_SAMPLE = [
  '联系人：<n>张伟</n>，电话13812345678。',
  '我叫<n>李娜</n>，住在<a>北京市朝阳区建国路88号</a>。',
  '<n>王小明</n>先生您好，您的快递已送达。',
  '收件人：<n>刘洋</n> 地址：<a>广东省深圳市南山区科技园南路15号</a>',
  '<n>陈静</n>老师今天请假了。',
  '请把材料寄到<a>上海市浦东新区世纪大道100号</a>。',
  '患者<n>赵丽</n>，女，45岁，主诉头痛。',
  '<n>欧阳娜娜</n>表示她会准时参加。',
  '公司地址是<a>杭州市西湖区文三路259号</a>。',
  '客户<n>孙浩</n>反映产品有问题。',
  '<n>周杰</n>说明天会下雨。',
  '我是<n>黄磊</n>，有事请联系我。',
  '他搬到了<a>成都市武侯区人民南路四段27号</a>。',
  '<n>吴敏</n>女士的订单已发货。',
  '门店位于<a>南京市鼓楼区中山路18号</a>。',
  '负责人：<n>郑强</n>',
  '寄件人<n>马超</n>，<a>武汉市洪山区珞喻路1037号</a>',
  '<n>林晓</n>同学获得了一等奖。',
  '经理<n>何军</n>和<n>高峰</n>经理一起出差。',
  '我们去了王府井买东西，然后在<a>中山路25号</a>吃饭。',
  '张总明天到公司开会。',
  '<n>徐磊</n>告诉记者，项目进展顺利。',
  '请联系<n>罗静</n>老师报名。',
  '住址：<a>河南省郑州市金水区花园路</a>',
  '小王和小李一起去上班。',
  '我们对结果非常高兴。',
  '王国维是著名的学者。',
  '周末我们去北京旅游吧。',
  '万一下雨就改天再去。',
  '这家店在上海很有名。',
  '江苏的经济发展很快。',
  '黄金价格今天又涨了。',
  '他姓李，是新来的同事。',
  '白天和黑夜交替出现。',
  '高速公路上发生了车祸。',
  '林业局发布了新的规定。',
  '马上就要下班了。',
  '金华火腿很有名。',
  '成都的火锅很好吃。',
  '石家庄今天空气质量不错。',
] as const;

export interface LabelledSpan {
  type: 'name' | 'address';
  start: number;
  end: number;
}

/** Strips the markers and returns the text with its labelled spans. */
export function parseLabelled(marked: string): { text: string; spans: LabelledSpan[] } {
  let text = '';
  const spans: LabelledSpan[] = [];
  const pattern = /<(n|a)>(.*?)<\/\1>/g;
  let at = 0;
  for (let m = pattern.exec(marked); m !== null; m = pattern.exec(marked)) {
    text += marked.slice(at, m.index);
    const inner = m[2] as string;
    spans.push({ type: m[1] === 'n' ? 'name' : 'address', start: text.length, end: text.length + inner.length });
    text += inner;
    at = m.index + m[0].length;
  }
  return { text: text + marked.slice(at), spans };
}
