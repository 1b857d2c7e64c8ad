/** Sample task data for the config editor's live preview: Chinese texts, and a drawn scene for image fields. */

export const SAMPLE_TEXTS = [
  '2024年5月，李明在北京大学参加了由华为技术有限公司主办的人工智能论坛，随后前往上海浦东新区考察。😀',
  '患者王芳，女，45岁，因“反复咳嗽两周”于2023年11月3日至广州市第一人民医院呼吸内科就诊。',
  '云冈石窟位于山西省大同市，是中国规模最大的古代石窟群之一，每年吸引大量游客。',
];

// A small scene drawn in SVG (a cliff with a carved figure, a visitor, a car), so the preview needs no
// network and no image file; it has objects worth boxing and is inlined as a data: URL like imported ones.
const SCENE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">
<rect width="640" height="400" fill="#cfe3f3"/>
<path d="M0 120 L150 60 L330 90 L470 40 L640 100 L640 330 L0 330 Z" fill="#c9a779"/>
<path d="M180 300 L180 170 Q230 110 280 170 L280 300 Z" fill="#a9865b"/>
<circle cx="230" cy="175" r="26" fill="#8d6b43"/>
<path d="M196 300 Q196 215 230 205 Q264 215 264 300 Z" fill="#8d6b43"/>
<rect y="330" width="640" height="70" fill="#9aa3a8"/>
<circle cx="90" cy="268" r="12" fill="#37474f"/>
<rect x="80" y="282" width="20" height="52" rx="6" fill="#e53935"/>
<rect x="420" y="300" width="150" height="44" rx="10" fill="#1e88e5"/>
<rect x="445" y="280" width="90" height="30" rx="8" fill="#64b5f6"/>
<circle cx="455" cy="346" r="13" fill="#263238"/>
<circle cx="535" cy="346" r="13" fill="#263238"/>
</svg>`;

export const SAMPLE_IMAGE = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(SCENE_SVG)}`;

/** A short conversation with three candidate answers, for previewing dialogue controls. */
export const SAMPLE_DIALOGUE = {
  messages: [
    { role: 'system', content: '你是一位熟悉中国文化遗产的助手。' },
    { role: 'user', content: '云冈石窟在哪里？开凿于哪个朝代？' },
  ],
  responses: ['云冈石窟位于**山西省大同市**，开凿于北魏。', '云冈石窟在河南洛阳，开凿于唐代。', '不清楚。'],
};
