import { useMemo } from 'react';
import type { AnnotationResult, ChoicesControl, DataField, LabelConfig, RatingControl, TextAreaControl } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { choicesOf, ratingOf, spansOn, textOf } from './annotation-state.ts';
import { labelLookup, type LabelLookup } from './label-lookup.ts';
import { regionsOn, regionViewCache } from './region-view.ts';
import { ResultImage } from './ResultImage.tsx';
import { VideoAnnotator, type VideoControl } from './VideoAnnotator.tsx';
import { AudioPlayer } from './AudioPlayer.tsx';
import { AudioSegmentsResult } from './AudioSegmentsResult.tsx';
import { DialogueResult } from './DialogueResult.tsx';
import { QaResult } from './QaResult.tsx';
import { DocumentResult } from './DocumentResult.tsx';
import { skeletonsOf } from './skeleton.ts';
import { segmentStyle } from './SpanText.tsx';
import { TextModel } from './text-model.ts';
import { buildSegments, type SpanView } from './text-segments.ts';

export interface ResultViewProps {
  config: LabelConfig;
  data: Record<string, unknown>;
  result: AnnotationResult;
  /** Shorter text boxes, for several results side by side. */
  compact?: boolean;
  testId?: string;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A result shown read-only on its task: each text field with its spans highlighted and labelled (as in
 * the editor), each image with its boxes, polygons, keypoints and skeletons, each video with its tracks and
 * events (frames stepped, nothing editable), each choices control with every option (the chosen ones
 * marked) and each text area's text. For review, adjudication and gold feedback, where nothing may change.
 */
export function ResultView({ config, data, result, compact = false, testId = 'result-view' }: ResultViewProps) {
  const lookup = useMemo(() => labelLookup(config), [config]);
  return (
    <div className={compact ? 'result-view compact' : 'result-view'} data-testid={testId}>
      {config.fields.map((field) => (
        <section className="result-field" key={field.name} data-field-type={field.type}>
          {field.type === 'image' ? (
            <ImageFieldResult field={field} data={data} result={result} lookup={lookup} compact={compact} config={config} />
          ) : field.type === 'video' ? (
            <VideoFieldResult field={field} data={data} result={result} lookup={lookup} compact={compact} config={config} />
          ) : field.type === 'document' ? (
            <DocumentResult config={config} field={field.name} src={data[field.name]} result={result} lookup={lookup} />
          ) : field.type === 'dialogue' ? (
            <DialogueResult config={config} field={field.name} value={data[field.name]} result={result} />
          ) : field.type === 'audio' ? (
            <>
              <AudioPlayer field={field.name} src={data[field.name]} title={field.title ?? field.name} />
              <AudioSegmentsResult config={config} field={field.name} result={result} lookup={lookup} />
            </>
          ) : (
            <TextFieldResult field={field} data={data} result={result} lookup={lookup} />
          )}
          {config.controls.map((control) => {
            if (control.toName !== field.name) return null;
            // A segment's transcript and speaker are shown in its row of the segment list.
            if ((control.type === 'choices' || control.type === 'textarea') && control.perRegion === true) return null;
            switch (control.type) {
              case 'choices':
                return <ChoicesResult key={control.name} control={control} result={result} />;
              case 'textarea':
                return <TextAreaResult key={control.name} control={control} result={result} />;
              case 'videorectangle':
              case 'videopolygon':
              case 'videokeypoint':
              case 'videoevents':
              case 'labels':
              case 'rectanglelabels':
              case 'polygonlabels':
              case 'keypointlabels':
              case 'brushlabels':
              case 'polylinelabels':
                // Drawn on the field itself, above.
                return null;
              case 'rating':
                return <RatingResult key={control.name} control={control} result={result} />;
              case 'pairwise':
              case 'ranker':
              case 'responserating':
              case 'turnchoices':
              case 'responseedit':
                // Shown in the conversation, above.
                return null;
              case 'keyvalue':
              case 'readingorder':
                // Listed with the document, above.
                return null;
              case 'groundedqa':
                return <QaResult key={control.name} control={control} result={result} />;
            }
          })}
        </section>
      ))}
    </div>
  );
}

interface FieldResultProps {
  field: DataField;
  data: Record<string, unknown>;
  result: AnnotationResult;
  lookup: LabelLookup;
}

function ImageFieldResult({ field, data, result, lookup, compact, config }: FieldResultProps & { compact: boolean; config: LabelConfig }) {
  const t = useT();
  const viewOf = useMemo(() => regionViewCache(lookup), [lookup]);
  const skeletons = useMemo(() => skeletonsOf(config), [config]);
  const regions = useMemo(() => regionsOn(result, field.name, viewOf), [result, field.name, viewOf]);
  const masks = useMemo(
    () => result.flatMap((r) => (r.type === 'brushlabels' && r.to_name === field.name ? [{ id: r.id, rle: r.value.rle, color: lookup.colorOf(r.from_name, r.value.brushlabels[0] ?? '') }] : [])),
    [result, field.name, lookup],
  );
  // Region attributes, listed under the image: they have no place on the shapes themselves.
  const withAttributes = useMemo(
    () =>
      result.flatMap((r) => {
        if (r.to_name !== field.name || (r.type !== 'rectanglelabels' && r.type !== 'polygonlabels' && r.type !== 'polylinelabels' && r.type !== 'keypointlabels' && r.type !== 'brushlabels') || !r.value.attributes) return [];
        const label = ('rectanglelabels' in r.value ? r.value.rectanglelabels : 'polygonlabels' in r.value ? r.value.polygonlabels : 'polylinelabels' in r.value ? r.value.polylinelabels : 'keypointlabels' in r.value ? r.value.keypointlabels : r.value.brushlabels)[0] ?? '';
        return [{ id: r.id, label: lookup.titleOf(r.from_name, label), color: lookup.colorOf(r.from_name, label), attributes: r.value.attributes }];
      }),
    [result, field.name, lookup],
  );
  const count = (kind: string) => regions.filter((r) => r.kind === kind).length;
  const counts = [
    [t('image.boxes'), count('rectangle')],
    [t('image.polygons'), regions.filter((r) => r.kind === 'polygon' && !r.open).length],
    [t('image.polylines'), regions.filter((r) => r.kind === 'polygon' && r.open).length],
    [t('image.keypoints'), count('keypoint')],
    [t('image.masks'), masks.length],
  ] as const;
  return (
    <>
      <div className="field-head">
        <h4>{field.title ?? field.name}</h4>
        <span className="muted small">
          {counts
            .filter(([, n], i) => n > 0 || i === 0)
            .map(([name, n]) => `${name} ${n}`)
            .join(' · ')}
        </span>
      </div>
      <ResultImage field={field.name} src={data[field.name]} title={field.title ?? field.name} regions={regions} skeletons={skeletons} compact={compact} masks={masks} />
      {withAttributes.length > 0 ? (
        <ul className="result-attributes small" data-testid="result-attributes">
          {withAttributes.map((r) => (
            <li key={r.id} data-region-id={r.id}>
              <span className="span-chip" style={{ backgroundColor: r.color }}>
                {r.label}
              </span>{' '}
              {Object.entries(r.attributes)
                .map(([name, value]) => `${name}: ${value}`)
                .join(' · ')}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** Never called: the read-only video changes nothing. */
const NO_EDIT = () => undefined;

function VideoFieldResult({ field, data, result, lookup, compact, config }: FieldResultProps & { compact: boolean; config: LabelConfig }) {
  const t = useT();
  const src = data[field.name];
  const controls = useMemo(() => config.controls.filter((c): c is VideoControl => (c.type === 'videorectangle' || c.type === 'videopolygon' || c.type === 'videokeypoint' || c.type === 'videoevents') && c.toName === field.name), [config, field.name]);
  const onField = result.filter((r) => r.to_name === field.name);
  const tracks = onField.filter((r) => r.type === 'videorectangle' || r.type === 'videopolygon' || r.type === 'videokeypoint').length;
  const events = onField.filter((r) => r.type === 'videoevents').length;
  const numberOf = (key: string) => (typeof data[key] === 'number' ? data[key] : undefined);
  return (
    <>
      <div className="field-head">
        <h4>{field.title ?? field.name}</h4>
        <span className="muted small" data-testid="result-video-counts">
          {t('video.tracks')} {tracks} · {t('video.events')} {events}
        </span>
      </div>
      {typeof src === 'string' && src !== '' ? (
        <VideoAnnotator
          field={field.name}
          src={src}
          fps={numberOf('fps')}
          frames={numberOf('frames')}
          duration={numberOf('duration')}
          width={numberOf('width')}
          height={numberOf('height')}
          controls={controls}
          result={result}
          dispatch={NO_EDIT}
          colorOf={lookup.colorOf}
          titleOf={lookup.titleOf}
          windowKeys={false}
          maxHeightShare={compact ? 0.3 : 0.5}
          readOnly
        />
      ) : (
        <div className="muted small">{t('video.missing', { field: field.name })}</div>
      )}
    </>
  );
}

function TextFieldResult({ field, data, result, lookup }: FieldResultProps) {
  const t = useT();
  const { colorOf, titleOf } = lookup;
  const model = new TextModel(fieldText(data[field.name]));
  const spans: SpanView[] = spansOn(result, field.name).map((s) => ({
    id: s.id,
    start: s.value.start,
    end: s.value.end,
    labels: s.value.labels.map((l) => titleOf(s.from_name, l)),
    color: colorOf(s.from_name, s.value.labels[0] ?? ''),
  }));
  const segments = buildSegments(model, spans, [], null);
  return (
    <>
      <div className="field-head">
        <h4>{field.title ?? field.name}</h4>
        <span className="muted small">
          {t('workbench.spans')} {spans.length}
        </span>
      </div>
      <div className="result-text" data-testid="result-text" data-field={field.name}>
        {segments.map((seg) => {
          const inner = seg.spans[seg.spans.length - 1];
          return (
            <span
              key={seg.u16Start}
              className="seg"
              style={segmentStyle(seg)}
              data-label={inner?.labels.join('/')}
              data-tags={seg.closes.length > 0 ? seg.closes.map((s) => s.labels.join('/')).join(' ') : undefined}
            >
              {seg.text}
            </span>
          );
        })}
      </div>
    </>
  );
}

function ChoicesResult({ control, result }: { control: ChoicesControl; result: AnnotationResult }) {
  const t = useT();
  const chosen = choicesOf(result, control.name);
  const unknown = chosen.filter((c) => !control.options.some((o) => o.value === c));
  return (
    <div className="result-choices" data-testid="result-choices" data-control={control.name}>
      <span className="result-choices-title">{control.title ?? control.name}</span>
      {control.options.map((o) => {
        const on = chosen.includes(o.value);
        return (
          <span key={o.value} className={on ? 'result-choice chosen' : 'result-choice'} data-testid="result-choice" data-value={o.value} data-chosen={on}>
            {on ? '✓ ' : ''}
            {o.title ?? o.value}
          </span>
        );
      })}
      {unknown.map((value) => (
        <span key={value} className="result-choice chosen" data-testid="result-choice" data-value={value} data-chosen>
          ✓ {value}
        </span>
      ))}
      {chosen.length === 0 ? <span className="muted small">{t('summary.empty')}</span> : null}
    </div>
  );
}

function TextAreaResult({ control, result }: { control: TextAreaControl; result: AnnotationResult }) {
  const t = useT();
  const text = textOf(result, control.name);
  return (
    <div className="result-textarea" data-testid="result-textarea" data-control={control.name}>
      <span className="result-choices-title">{control.title ?? control.name}</span>
      {text === '' ? <span className="muted small">{t('summary.empty')}</span> : <div className="result-textarea-text">{text}</div>}
    </div>
  );
}

/** A rating in read-only views: the score out of the scale, with its level's description. */
function RatingResult({ control, result }: { control: RatingControl; result: AnnotationResult }) {
  const rating = ratingOf(result, control.name);
  const level = rating !== null && Number.isInteger(rating) ? control.descriptions?.[rating - 1] : undefined;
  return (
    <div className="result-rating small" data-testid={`result-rating-${control.name}`} data-value={rating ?? ''}>
      <span className="muted">{control.title ?? control.name}:</span> <strong>{rating === null ? '—' : `${Math.round(rating * 100) / 100} / ${control.maxRating}`}</strong>
      {level ? <span className="muted"> · {level}</span> : null}
    </div>
  );
}
