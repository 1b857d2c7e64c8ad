import type { LabelConfig, SpanLabel } from '@yungang/core';

/** Grey for a label the config does not (or no longer) know, e.g. in an old result. */
export const UNKNOWN_LABEL_COLOR = '#888888';

export interface LabelLookup {
  colorOf: (control: string, label: string) => string;
  titleOf: (control: string, label: string) => string;
}

/**
 * Colour and display title of each label of the config's span, box, polygon and keypoint controls, keyed by control and
 * value: two controls may use the same value (a "person" box and a "person" span) with different colours.
 */
export function labelLookup(config: LabelConfig): LabelLookup {
  const labels = new Map<string, SpanLabel>();
  for (const c of config.controls) {
    switch (c.type) {
      case 'labels':
      case 'rectanglelabels':
      case 'polygonlabels':
      case 'keypointlabels':
      case 'brushlabels':
      case 'polylinelabels':
      case 'videorectangle':
      case 'videopolygon':
      case 'videokeypoint':
      case 'videoevents':
        for (const l of c.labels) labels.set(`${c.name}\u0000${l.value}`, l);
        break;
      case 'choices':
      case 'rating':
      case 'textarea':
        // No coloured labels: options and scores are shown as text.
        break;
    }
  }
  return {
    colorOf: (control, label) => labels.get(`${control}\u0000${label}`)?.color ?? UNKNOWN_LABEL_COLOR,
    titleOf: (control, label) => labels.get(`${control}\u0000${label}`)?.title ?? label,
  };
}
