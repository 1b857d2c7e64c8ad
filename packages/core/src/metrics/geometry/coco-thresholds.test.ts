import { describe, expect, it } from 'vitest';
import { COCO_IOU_THRESHOLDS, COCO_RECALL_THRESHOLDS } from './coco-thresholds.js';

describe('COCO threshold grids', () => {
  it('are the doubles of np.linspace(.5, .95, 10) and np.linspace(0, 1, 101)', () => {
    // Checked against numpy 2.4 (`[float(v).hex() for v in np.linspace(.5, .95, 10)]`): the ninth value
    // is 0x1.cccccccccccccp-1 = 0.8999999999999999, the sixth is exactly 0.75.
    expect(COCO_IOU_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95]);
    expect(COCO_RECALL_THRESHOLDS).toHaveLength(101);
    expect(COCO_RECALL_THRESHOLDS[30]).toBe(0.3);
    expect(COCO_RECALL_THRESHOLDS[57]).toBe(0.5700000000000001);
    expect(COCO_RECALL_THRESHOLDS[100]).toBe(1);
  });
});
