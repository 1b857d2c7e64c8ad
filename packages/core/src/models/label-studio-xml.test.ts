import { describe, expect, it } from 'vitest';
import { labelConfigToLabelStudioXml } from './label-studio-xml.js';

describe('labelConfigToLabelStudioXml', () => {
  it('writes fields and controls as Label Studio tags, escaping values', () => {
    const xml = labelConfigToLabelStudioXml({
      version: 1,
      fields: [{ name: 'image', type: 'image' }],
      controls: [
        { type: 'rectanglelabels', name: 'box', toName: 'image', labels: [{ value: '"文字"&', color: '#1e88e5' }] },
        { type: 'textarea', name: 'transcript', toName: 'image' },
      ],
    });
    expect(xml).toBe(
      [
        '<View>',
        '  <Image name="image" value="$image"/>',
        '  <RectangleLabels name="box" toName="image">',
        '    <Label value="&quot;文字&quot;&amp;" background="#1e88e5"/>',
        '  </RectangleLabels>',
        '  <TextArea name="transcript" toName="image"/>',
        '</View>',
      ].join('\n'),
    );
  });
});
