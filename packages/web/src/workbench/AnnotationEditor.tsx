import { useCallback, useContext, useEffect, useEffectEvent, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { DIALOGUE_CONTROL_TYPES, labelConfigHotkeys, type ResultItem, type DialogueControl, type GroundedQaControl, type BrushLabelsControl, type PolylineLabelsControl, type ChoicesControl, type KeyPointLabelsControl, type LabelConfig, type LabelsControl, type PolygonLabelsControl, type RatingControl, type RectangleLabelsControl, type TextAreaControl } from '@yungang/core';
import { RatingField } from './RatingField.tsx';
import { AudioPlayer } from './AudioPlayer.tsx';
import { AudioSegmentAnnotator } from './AudioSegmentAnnotator.tsx';
import { DialogueAnnotator } from './DialogueAnnotator.tsx';
import { DocumentAnnotator } from './DocumentAnnotator.tsx';
import { GroundedQaPanel } from './GroundedQaPanel.tsx';
import { ratingKeys } from './rating-keys.ts';
import { useT } from '../i18n/i18n.tsx';
import { choicesOf, maskOf, newResultId, ratingOf, spansOn, textOf, type AnnotationAction, type AnnotationHistory } from './annotation-state.ts';
import { strokeMask, type MaskView } from './brush-mask.ts';
import { nudgeBox, rotateAboutCentre, roundBox, type Point } from './box-geometry.ts';
import { ChoicesField } from './ChoicesField.tsx';
import { isTypingTarget } from './hotkey-target.ts';
import { ImageAnnotator, type ImageEdit, type ImageTool } from './ImageAnnotator.tsx';
import type { Size } from './image-view.ts';
import { LabelBar } from './LabelBar.tsx';
import { labelLookup } from './label-lookup.ts';
import { canClosePolygon, canFinishPolyline, nudgePoints, roundPoints } from './polygon-geometry.ts';
import { regionsOn, regionViewCache, type RegionView } from './region-view.ts';
import { RegionList, type MaskRow } from './RegionList.tsx';
import { RegionAttributes } from './RegionAttributes.tsx';
import { predictedItems, untouchedPredictions, type StartingPrediction } from './predicted-regions.ts';
import { skeletonsOf } from './skeleton.ts';
import { SpanList } from './SpanList.tsx';
import { SpanText } from './SpanText.tsx';
import { suggestContextOf, SuggestContextReport } from './suggest-context.ts';
import { cursorRange, type TextCursor } from './text-cursor.ts';
import { TextModel } from './text-model.ts';
import type { SpanView } from './text-segments.ts';
import { TextAreaInput } from './TextAreaInput.tsx';
import { VideoAnnotator, type VideoControl } from './VideoAnnotator.tsx';

export interface AnnotationEditorProps {
  config: LabelConfig;
  data: Record<string, unknown>;
  history: AnnotationHistory;
  dispatch: (action: AnnotationAction) => void;
  /** 'window': hotkeys work anywhere on the page (workbench); 'container': only inside the editor (preview). */
  hotkeyScope: 'window' | 'container';
  /** The prediction the result started from, if any: its untouched shapes are drawn as predictions. */
  prediction?: StartingPrediction | null;
}

interface Armed {
  control: string;
  label: string;
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'target' | 'preventDefault'>;

/** A control that draws shapes on an image. */
type ShapeControl = RectangleLabelsControl | PolygonLabelsControl | KeyPointLabelsControl | PolylineLabelsControl;

const TOOL_OF: Record<ShapeControl['type'], ImageTool['kind']> = { rectanglelabels: 'rectangle', polygonlabels: 'polygon', keypointlabels: 'keypoint', polylinelabels: 'polyline' };

function isShapeControl(c: LabelConfig['controls'][number]): c is ShapeControl {
  return c.type === 'rectanglelabels' || c.type === 'polygonlabels' || c.type === 'keypointlabels' || c.type === 'polylinelabels';
}

/** The corners of a polygon being drawn, with the control and field it belongs to. */
interface PolygonInProgress {
  control: string;
  field: string;
  points: Point[];
}

/** Toggles one id in a set, returning a new set (state is never mutated). */
function toggled(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const NO_REGIONS: readonly RegionView[] = [];
const NO_MASKS: readonly MaskView[] = [];
/** No digit keys for a rating control (another control has them, or there are several ratings). */
const NO_DIGITS: ReadonlySet<string> = new Set();

/** Brush radius in natural pixels: the start, the range of the slider, and the step of the [ and ] keys. */
const BRUSH = { radius: 10, min: 1, max: 200, step: 2 };

/** Arrow-key nudge of the selected shape, in percent of the image (Shift: ten times as far). */
const NUDGE_STEP = 0.2;
/** Alt+R turns the selected box this many degrees clockwise (Shift+Alt+R back). */
const ROTATE_STEP = 15;

/**
 * The annotation component: text fields with span labelling (mouse and keyboard), image fields with boxes,
 * polygons and keypoints, choices, text areas, the span and region lists, undo/redo and hotkeys. Which
 * regions are hidden or locked is view state of this editor, not part of the result: core keeps only what
 * Label Studio's result items mean, and another annotator opening the task starts with everything shown. The result lives outside
 * (history/dispatch) so the page decides what submitting means.
 */
export function AnnotationEditor({ config, data, history, dispatch, hotkeyScope, prediction = null }: AnnotationEditorProps) {
  const t = useT();
  const [cursors, setCursors] = useState<Record<string, TextCursor>>({});
  const [activeField, setActiveField] = useState<string | null>(null);
  const [armed, setArmed] = useState<Armed | null>(null);
  /** The selected span or shape (result item id): Delete removes it, a label of its control relabels a shape. */
  const [selected, setSelected] = useState<string | null>(null);
  const [polygon, setPolygon] = useState<PolygonInProgress | null>(null);
  const [hiddenIds, setHiddenIds] = useState<ReadonlySet<string>>(() => new Set());
  const [lockedIds, setLockedIds] = useState<ReadonlySet<string>>(() => new Set());
  const [brushRadius, setBrushRadius] = useState(BRUSH.radius);
  const [erasing, setErasing] = useState(false);
  /** An Alt+click on an image: the point a model suggestion (Alt+M) is asked about. */
  const [assistPoint, setAssistPoint] = useState<Point | null>(null);
  /** The segment selected in an audio segment editor (it keeps its own selection). */
  const [audioSelected, setAudioSelected] = useState<string | null>(null);
  /** Each image's natural size, once loaded: a box turns in pixels. */
  const [naturals, setNaturals] = useState<Readonly<Record<string, Size>>>({});
  /** Predicted shapes the annotator accepted as they are (Enter or the list's button). */
  const [acceptedIds, setAcceptedIds] = useState<ReadonlySet<ResultItem>>(() => new Set());
  const reportContext = useContext(SuggestContextReport);

  const models = useMemo(() => new Map(config.fields.filter((f) => f.type === 'text').map((f) => [f.name, new TextModel(fieldText(data[f.name]))])), [config, data]);
  const hotkeys = useMemo(() => labelConfigHotkeys(config), [config]);
  // Boxes and spans on a document field are the DocumentAnnotator's own (pages, a text layer), not the image or text editor's.
  const documentFields = new Set(config.fields.filter((f) => f.type === 'document').map((f) => f.name));
  const labelsControls = config.controls.filter((c): c is LabelsControl => c.type === 'labels' && !documentFields.has(c.toName));
  const shapeControls = config.controls.filter((c): c is ShapeControl => isShapeControl(c) && !documentFields.has(c.toName));
  const brushControls = config.controls.filter((c): c is BrushLabelsControl => c.type === 'brushlabels');
  const armedBrush = brushControls.find((c) => c.name === armed?.control);
  const result = history.present;
  const latestResult = useRef(result);
  useEffect(() => {
    latestResult.current = result;
  }, [result]);

  const lookup = useMemo(() => labelLookup(config), [config]);
  const { colorOf, titleOf } = lookup;
  const viewOf = useMemo(() => regionViewCache(lookup), [lookup]);
  const skeletons = useMemo(() => skeletonsOf(config), [config]);

  const spanViews = useMemo(() => {
    const byField = new Map<string, SpanView[]>();
    for (const f of config.fields) {
      byField.set(
        f.name,
        spansOn(result, f.name).map((s) => ({ id: s.id, start: s.value.start, end: s.value.end, labels: s.value.labels, color: colorOf(s.from_name, s.value.labels[0] ?? '') })),
      );
    }
    return byField;
  }, [config, result, colorOf]);

  const predicted = useMemo(() => predictedItems(prediction), [prediction]);
  const untouched = useMemo(() => untouchedPredictions(predicted, result, acceptedIds), [predicted, result, acceptedIds]);
  const rotatable = useMemo(() => new Set(config.controls.filter((c) => c.type === 'rectanglelabels' && c.rotation === true).map((c) => c.name)), [config]);
  const regionViews = useMemo(() => {
    const byField = new Map<string, RegionView[]>();
    // Only the untouched predicted shapes get a new view object; the others keep their cached one.
    const mark = (view: RegionView): RegionView => (untouched.has(view.id) ? { ...view, predicted: { score: untouched.get(view.id) ?? null } } : view);
    for (const f of config.fields) if (f.type === 'image') byField.set(f.name, untouched.size === 0 ? regionsOn(result, f.name, viewOf) : regionsOn(result, f.name, viewOf).map(mark));
    return byField;
  }, [config, result, viewOf, untouched]);
  const allRegions = useMemo(() => [...regionViews.values()].flat(), [regionViews]);
  const maskRows = useMemo(
    () => result.flatMap((item): MaskRow[] => (item.type === 'brushlabels' ? [{ kind: 'mask', id: item.id, color: colorOf(item.from_name, item.value.brushlabels[0] ?? ''), label: titleOf(item.from_name, item.value.brushlabels[0] ?? ''), value: item.value.brushlabels[0] ?? '' }] : [])),
    [result, colorOf, titleOf],
  );
  const maskViews = useMemo(() => {
    const byField = new Map<string, MaskView[]>();
    for (const item of result) {
      if (item.type !== 'brushlabels' || hiddenIds.has(item.id)) continue;
      const list = byField.get(item.to_name) ?? [];
      list.push({ id: item.id, rle: item.value.rle, color: colorOf(item.from_name, item.value.brushlabels[0] ?? '') });
      byField.set(item.to_name, list);
    }
    return byField;
  }, [result, colorOf, hiddenIds]);

  // A new task or config starts with a clean slate.
  useEffect(() => {
    setCursors({});
    setActiveField(null);
    setArmed(null);
    setSelected(null);
    setPolygon(null);
    setHiddenIds(new Set());
    setLockedIds(new Set());
    setErasing(false);
    setAssistPoint(null);
    setAcceptedIds(new Set());
  }, [config, data]);

  // Tells the workbench what a suggestion would be about (docs/models.md): the selected shape, span or
  // segment, a text selection, or an assist point.
  useEffect(() => {
    if (!reportContext) return;
    const cursor = activeField === null ? undefined : cursors[activeField];
    const textRange = activeField !== null && cursor ? { field: activeField, ...cursorRange(cursor) } : null;
    reportContext(suggestContextOf(config, result, { selectedId: selected ?? audioSelected, textRange, point: assistPoint }));
  }, [reportContext, config, result, selected, audioSelected, activeField, cursors, assistPoint]);

  const addSpan = useCallback(
    (control: LabelsControl, label: string, range: { start: number; end: number }) => {
      const model = models.get(control.toName);
      if (!model || range.end <= range.start) return;
      dispatch({ type: 'addSpan', id: newResultId(), fromName: control.name, toName: control.toName, start: range.start, end: range.end, text: model.slice(range.start, range.end), label });
      setCursors((c) => ({ ...c, [control.toName]: { anchor: range.end, focus: range.end } }));
    },
    [models, dispatch],
  );

  const onCursor = useCallback(
    (field: string, cursor: TextCursor, source: 'keyboard' | 'mouse') => {
      setActiveField(field);
      const range = cursorRange(cursor);
      // Label picked first, then text selected with the mouse: label it at once.
      if (source === 'mouse' && armed && range.end > range.start) {
        const control = labelsControls.find((c) => c.name === armed.control && c.toName === field);
        if (control) {
          addSpan(control, armed.label, range);
          return;
        }
      }
      setCursors((c) => ({ ...c, [field]: cursor }));
    },
    [armed, labelsControls, addSpan],
  );

  const onSpanClick = useCallback((id: string | null) => setSelected(id), []);

  /** A label button or hotkey: label the current selection, or arm the label for the next selection. */
  const applyLabel = (control: LabelsControl, label: string) => {
    const cursor = cursors[control.toName];
    const range = cursor ? cursorRange(cursor) : null;
    if (activeField === control.toName && range && range.end > range.start) {
      addSpan(control, label, range);
      setArmed(null);
      return;
    }
    setArmed((a) => (a && a.control === control.name && a.label === label ? null : { control: control.name, label }));
  };

  /**
   * A box, polygon or keypoint label button or hotkey: relabels the selected shape of this control (as in
   * Label Studio) unless it is locked, otherwise picks the label (and with it the tool) for drawing, or puts
   * it down when it was already picked. A polygon being drawn keeps its corners while its control's label
   * changes, and is dropped when a label of another control is picked.
   */
  const applyShapeLabel = (control: ShapeControl, label: string) => {
    const shape = result.find((r) => r.id === selected && r.type === control.type && r.from_name === control.name);
    if (shape) {
      if (!lockedIds.has(shape.id)) dispatch({ type: 'relabel', id: shape.id, label });
      return;
    }
    const putDown = armed?.control === control.name && armed.label === label;
    if (polygon && (putDown || polygon.control !== control.name)) setPolygon(null);
    setArmed(putDown ? null : { control: control.name, label });
  };

  /** A brush label picks the label (and the brush) or puts it down; masks are edited by painting, not relabelled. */
  const applyBrushLabel = (control: BrushLabelsControl, label: string) => {
    // A mask selected in the list takes the label, unless that label has a mask already (one per label and image).
    const mask = result.find((r) => r.id === selected && r.type === 'brushlabels' && r.from_name === control.name);
    if (mask) {
      if (!lockedIds.has(mask.id) && !maskOf(result, control.name, mask.to_name, label)) dispatch({ type: 'relabel', id: mask.id, label });
      return;
    }
    if (polygon) setPolygon(null);
    setArmed((a) => (a?.control === control.name && a.label === label ? null : { control: control.name, label }));
  };

  const toggleChoice = (control: ChoicesControl, value: string) => {
    dispatch({ type: 'toggleChoice', id: newResultId(), fromName: control.name, toName: control.toName, value, mode: control.choice });
  };

  const setText = (control: TextAreaControl, text: string) => {
    dispatch({ type: 'setText', id: newResultId(), fromName: control.name, toName: control.toName, text });
  };

  const rate = (control: RatingControl, rating: number) => {
    dispatch({ type: 'rate', id: newResultId(), fromName: control.name, toName: control.toName, rating });
  };
  const digitRating = useMemo(() => ratingKeys(config), [config]);
  // The dialogue's digit keys (pick a candidate) yield to label hotkeys and rating digits.
  const takenKeys = useMemo(() => new Set([...hotkeys.keys(), ...(digitRating?.digits ?? [])]), [hotkeys, digitRating]);

  // Stable between selections, so the memoised rows of a long region list do not all re-render on a click.
  const removeItem = useCallback(
    (id: string) => {
      if (lockedIds.has(id)) return;
      dispatch({ type: 'remove', id });
      setSelected((s) => (s === id ? null : s));
    },
    [lockedIds, dispatch],
  );

  /**
   * Closes the polygon being drawn (or ends the polyline) into a result item, if it is one core accepts;
   * otherwise it stays in progress.
   */
  const closePolygon = (natural?: Size) => {
    if (!polygon) return;
    const control = shapeControls.find((c) => c.name === polygon.control);
    if (!control || armed?.control !== control.name) return;
    if (control.type === 'polylinelabels') {
      if (!canFinishPolyline(polygon.points)) return;
      dispatch({ type: 'addPolyline', id: newResultId(), fromName: control.name, toName: polygon.field, points: polygon.points, label: armed.label, ...(natural ? { imageSize: natural } : {}) });
      setPolygon(null);
      return;
    }
    if (!canClosePolygon(polygon.points)) return;
    dispatch({ type: 'addPolygon', id: newResultId(), fromName: control.name, toName: polygon.field, points: polygon.points, label: armed.label, ...(natural ? { imageSize: natural } : {}) });
    setPolygon(null);
  };

  /** What the image asks for, turned into result edits (or corners of the polygon being drawn). */
  const onImageEdit = (field: string, edit: ImageEdit, natural: Size) => {
    const control = shapeControls.find((c) => c.name === armed?.control && c.toName === field);
    switch (edit.kind) {
      case 'drawBox':
        if (control?.type !== 'rectanglelabels' || !armed) return;
        // The new box is not selected (as in Label Studio), so the next label hotkey picks a label for the
        // next box instead of relabelling this one.
        dispatch({ type: 'addBox', id: newResultId(), fromName: control.name, toName: field, box: edit.box, label: armed.label, imageSize: natural });
        setSelected(null);
        return;
      case 'placeKeypoint':
        if (control?.type !== 'keypointlabels' || !armed) return;
        dispatch({ type: 'addKeypoint', id: newResultId(), fromName: control.name, toName: field, point: edit.point, label: armed.label, imageSize: natural });
        setSelected(null);
        return;
      case 'polygonPoint':
        if (control?.type !== 'polygonlabels' && control?.type !== 'polylinelabels') return;
        setSelected(null);
        setPolygon((p) => (p && p.control === control.name && p.field === field ? { ...p, points: [...p.points, edit.point] } : { control: control.name, field, points: [edit.point] }));
        return;
      case 'closePolygon':
        closePolygon(natural);
        return;
      case 'moveBox':
        if (!lockedIds.has(edit.id)) dispatch({ type: 'moveBox', id: edit.id, box: edit.box });
        return;
      case 'rotateBox':
        if (!lockedIds.has(edit.id)) dispatch({ type: 'rotateBox', id: edit.id, box: edit.box, rotation: edit.rotation });
        return;
      case 'setPoints':
        if (!lockedIds.has(edit.id)) dispatch({ type: 'setPoints', id: edit.id, points: edit.points });
        return;
      case 'moveKeypoint':
        if (!lockedIds.has(edit.id)) dispatch({ type: 'moveKeypoint', id: edit.id, point: edit.point });
        return;
      case 'brushStroke': {
        if (!armedBrush || armedBrush.toName !== field || !armed) return;
        // The label's mask on this image grows (or shrinks) by the stroke; it is stored as RLE right away.
        const previous = maskOf(result, armedBrush.name, field, armed.label);
        // A mask locked in the list is not painted over or rubbed out.
        if (previous && lockedIds.has(previous.id)) return;
        const rle = strokeMask(previous?.value.rle ?? null, natural, edit.points, brushRadius, erasing);
        dispatch({ type: 'setMask', id: newResultId(), fromName: armedBrush.name, toName: field, label: armed.label, rle, imageSize: natural });
        return;
      }
    }
  };

  const toggleHidden = useCallback(
    (id: string) => {
      setHiddenIds((h) => toggled(h, id));
      // A hidden shape cannot be seen, so it should not stay the target of Delete and the arrow keys.
      setSelected((s) => (s === id && !hiddenIds.has(id) ? null : s));
    },
    [hiddenIds],
  );
  const toggleLocked = useCallback((id: string) => setLockedIds((l) => toggled(l, id)), []);

  /** Arrow keys move the selected shape of any kind; a locked one stays put. */
  const nudgeSelected = (key: string, step: number): boolean => {
    const region = selected ? allRegions.find((r) => r.id === selected) : undefined;
    if (!region || lockedIds.has(region.id)) return false;
    switch (region.kind) {
      case 'rectangle': {
        const box = nudgeBox(region.box, key, step);
        if (box) dispatch({ type: 'moveBox', id: region.id, box: roundBox(box) });
        return box !== null;
      }
      case 'polygon': {
        const points = nudgePoints(region.points, key, step);
        if (points) dispatch({ type: 'setPoints', id: region.id, points: roundPoints(points) });
        return points !== null;
      }
      case 'keypoint': {
        const [point] = nudgePoints([region.point], key, step) ?? [];
        if (point) dispatch({ type: 'moveKeypoint', id: region.id, point: roundPoints([point])[0] ?? point });
        return point !== undefined;
      }
    }
  };

  /** Alt+R: turns the selected box of a `rotation: true` control about its centre by `step` degrees. */
  const rotateSelected = (step: number): boolean => {
    const region = selected ? allRegions.find((r) => r.id === selected) : undefined;
    if (region?.kind !== 'rectangle' || !rotatable.has(region.control) || lockedIds.has(region.id)) return false;
    const field = result.find((r) => r.id === region.id)?.to_name;
    const natural = field === undefined ? undefined : naturals[field];
    // Before the image has loaded its shape is unknown; a square is the best guess and the turn is still about the centre there.
    const aspect = natural && natural.height > 0 ? natural.width / natural.height : 1;
    const turned = rotateAboutCentre(region.box, region.rotation, region.rotation + step, aspect);
    dispatch({ type: 'rotateBox', id: region.id, box: turned.box, rotation: turned.rotation });
    return true;
  };

  /** Accepts a predicted shape as it is: it becomes the annotator's own (drawn solid), nothing stored changes. */
  // Stable across edits (the region rows are memoised), so it reads the result through a ref.
  const acceptPredicted = useCallback((id: string) => {
    const item = latestResult.current.find((r) => r.id === id);
    if (item) setAcceptedIds((a) => new Set(a).add(item));
  }, []);

  const handleKey = (event: KeyLike) => {
    if (isTypingTarget(event.target)) return;
    const key = event.key;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && (key === 'z' || key === 'Z')) {
      event.preventDefault();
      dispatch({ type: event.shiftKey ? 'redo' : 'undo' });
      return;
    }
    if (mod && !event.altKey && (key === 'y' || key === 'Y')) {
      event.preventDefault();
      dispatch({ type: 'redo' });
      return;
    }
    // Alt+H hides and Alt+L locks the selected shape; by key position, since Alt changes the character on macOS.
    if (event.altKey && !mod && selected && (allRegions.some((r) => r.id === selected) || maskRows.some((m) => m.id === selected)) && (event.code === 'KeyH' || event.code === 'KeyL')) {
      event.preventDefault();
      if (event.code === 'KeyH') toggleHidden(selected);
      else toggleLocked(selected);
      return;
    }
    // Alt+] brings the selected shape to the front, Alt+[ sends it to the back (the result's order is the drawing order).
    if (event.altKey && !mod && selected && allRegions.some((r) => r.id === selected) && (event.code === 'BracketRight' || event.code === 'BracketLeft')) {
      event.preventDefault();
      dispatch({ type: 'reorder', id: selected, to: event.code === 'BracketRight' ? 'front' : 'back' });
      return;
    }
    // Alt+R turns the selected box 15° clockwise, Shift+Alt+R back (by key position, as for Alt+H).
    if (event.altKey && !mod && selected && event.code === 'KeyR') {
      if (rotateSelected(event.shiftKey ? -ROTATE_STEP : ROTATE_STEP)) event.preventDefault();
      return;
    }
    if (mod || event.altKey) return;
    // With a brush label picked, E toggles the eraser (unless the config made E a label hotkey) and [ ] size the brush.
    if (armedBrush && ((key.toLowerCase() === 'e' && !hotkeys.has('e')) || key === '[' || key === ']')) {
      event.preventDefault();
      if (key === '[' || key === ']') setBrushRadius((r) => Math.min(BRUSH.max, Math.max(BRUSH.min, r + (key === ']' ? BRUSH.step : -BRUSH.step))));
      else setErasing((e) => !e);
      return;
    }
    // While a polygon is being drawn, Enter closes it, Backspace takes back its last corner, Escape drops it.
    if (polygon && (key === 'Enter' || key === 'Backspace' || key === 'Escape')) {
      event.preventDefault();
      if (key === 'Enter') closePolygon();
      else if (key === 'Escape' || polygon.points.length <= 1) setPolygon(null);
      else setPolygon({ ...polygon, points: polygon.points.slice(0, -1) });
      return;
    }
    if ((key === 'Delete' || key === 'Backspace') && selected) {
      event.preventDefault();
      removeItem(selected);
      return;
    }
    if (selected && key.startsWith('Arrow') && allRegions.some((r) => r.id === selected)) {
      if (nudgeSelected(key, event.shiftKey ? NUDGE_STEP * 10 : NUDGE_STEP)) event.preventDefault();
      return;
    }
    if (key === 'Escape') {
      setArmed(null);
      setSelected(null);
      if (activeField) setCursors((c) => ({ ...c, [activeField]: { anchor: c[activeField]?.focus ?? 0, focus: c[activeField]?.focus ?? 0 } }));
      return;
    }
    if (key === 'Enter' && selected && untouched.has(selected)) {
      event.preventDefault();
      acceptPredicted(selected);
      return;
    }
    if (key === 'Enter' && armed) {
      const control = labelsControls.find((c) => c.name === armed.control);
      if (control) {
        event.preventDefault();
        applyLabel(control, armed.label);
      }
      return;
    }
    if (key.length !== 1) return;
    const binding = hotkeys.get(key.toLowerCase());
    if (!binding) {
      if (digitRating?.digits.has(key)) {
        event.preventDefault();
        rate(digitRating.control, Number(key));
      }
      return;
    }
    const control = config.controls.find((c) => c.name === binding.control);
    // A document field's label keys are handled by its DocumentAnnotator.
    if (!control || documentFields.has(control.toName)) return;
    event.preventDefault();
    switch (control.type) {
      case 'labels':
        applyLabel(control, binding.value);
        break;
      case 'rectanglelabels':
      case 'polygonlabels':
      case 'keypointlabels':
      case 'polylinelabels':
        applyShapeLabel(control, binding.value);
        break;
      case 'brushlabels':
        applyBrushLabel(control, binding.value);
        break;
      case 'choices':
        toggleChoice(control, binding.value);
        break;
      case 'rating':
        // Rating levels are not label hotkeys (labelConfigHotkeys binds none to them).
        break;
      case 'textarea':
        // Text areas have no hotkeys (labelConfigHotkeys binds none to them).
        break;
    }
  };

  const onWindowKey = useEffectEvent((event: KeyboardEvent) => {
    if (!event.defaultPrevented) handleKey(event);
  });
  useEffect(() => {
    if (hotkeyScope !== 'window') return;
    const listener = (event: KeyboardEvent) => onWindowKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [hotkeyScope]);

  const onContainerKey = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (hotkeyScope === 'container' && !event.defaultPrevented) handleKey(event.nativeEvent);
  };

  const canUndo = history.past.length > 0;
  const selectedRegion = selected && allRegions.some((r) => r.id === selected) ? selected : null;
  const canRedo = history.future.length > 0;
  const selectedRegionView = selectedRegion ? allRegions.find((r) => r.id === selectedRegion) : undefined;
  // The selected image region (shape or mask) and its control's attribute declarations, for the side panel.
  const selectedAttributes = (() => {
    const item = selected ? result.find((r) => r.id === selected) : undefined;
    if (!item || (item.type !== 'rectanglelabels' && item.type !== 'polygonlabels' && item.type !== 'polylinelabels' && item.type !== 'keypointlabels' && item.type !== 'brushlabels')) return null;
    if (documentFields.has(item.to_name)) return null;
    const control = config.controls.find((c) => c.name === item.from_name);
    const attributes = control && 'attributes' in control && (control.type === item.type) ? (control.attributes ?? []) : [];
    return attributes.length > 0 ? { item, attributes } : null;
  })();

  const armedIn = (control: string) => (armed?.control === control ? armed.label : null);
  const toolOf = (field: string): ImageTool | null => {
    if (armedBrush && armed && armedBrush.toName === field) return { kind: 'brush', color: colorOf(armedBrush.name, armed.label), brush: { radius: brushRadius, erase: erasing } };
    const control = shapeControls.find((c) => c.name === armed?.control && c.toName === field);
    return control && armed ? { kind: TOOL_OF[control.type], color: colorOf(control.name, armed.label) } : null;
  };

  return (
    <div className="annotator" onKeyDown={onContainerKey}>
      <div className="annotator-main">
        {config.fields.map((field) => {
          // Per-region controls answer per audio segment, in the segment list rather than once per task.
          const fieldChoices = config.controls.filter((c): c is ChoicesControl => c.type === 'choices' && c.toName === field.name && c.perRegion !== true);
          const fieldTexts = config.controls.filter((c): c is TextAreaControl => c.type === 'textarea' && c.toName === field.name && c.perRegion !== true);
          const fieldRatings = config.controls.filter((c): c is RatingControl => c.type === 'rating' && c.toName === field.name);
          const title = field.title ?? field.name;
          let body;
          if (field.type === 'video') {
            const src = data[field.name];
            const numberOf = (key: string) => (typeof data[key] === 'number' ? data[key] : undefined);
            body =
              typeof src === 'string' && src !== '' ? (
                <VideoAnnotator
                  field={field.name}
                  src={src}
                  fps={numberOf('fps')}
                  frames={numberOf('frames')}
                  duration={numberOf('duration')}
                  width={numberOf('width')}
                  height={numberOf('height')}
                  controls={config.controls.filter((c): c is VideoControl => (c.type === 'videorectangle' || c.type === 'videopolygon' || c.type === 'videokeypoint' || c.type === 'videoevents') && c.toName === field.name)}
                  result={result}
                  dispatch={dispatch}
                  colorOf={colorOf}
                  titleOf={titleOf}
                  windowKeys={hotkeyScope === 'window'}
                  maxHeightShare={hotkeyScope === 'window' ? 0.55 : 0.35}
                />
              ) : (
                <div className="alert alert-warn">{t('video.missing', { field: field.name })}</div>
              );
          } else if (field.type === 'image') {
            const src = data[field.name];
            body = (
              <>
                {shapeControls
                  .filter((c) => c.toName === field.name)
                  .map((control) => (
                    <LabelBar key={control.name} control={control} armed={armedIn(control.name)} onPick={(label) => applyShapeLabel(control, label)} />
                  ))}
                {brushControls
                  .filter((c) => c.toName === field.name)
                  .map((control) => (
                    <LabelBar key={control.name} control={control} armed={armedIn(control.name)} onPick={(label) => applyBrushLabel(control, label)} />
                  ))}
                {/* Shown whenever the field has a brush control, so picking a brush label does not move the image. */}
                {brushControls.some((c) => c.toName === field.name) ? (
                  <div className="brush-bar small" role="toolbar" aria-label={t('image.masks')}>
                    <label>
                      <span>{t('image.brushRadius')}</span>
                      <input type="range" min={BRUSH.min} max={BRUSH.max} value={brushRadius} onChange={(e) => setBrushRadius(e.target.valueAsNumber)} data-testid="brush-radius" />
                      <span className="image-adjust-value">{brushRadius}</span>
                    </label>
                    <button type="button" className="btn btn-small" aria-pressed={erasing} onClick={() => setErasing((e) => !e)} data-testid="brush-eraser">
                      {t('image.eraser')}
                    </button>
                  </div>
                ) : null}
                {typeof src === 'string' && src !== '' ? (
                  <ImageAnnotator
                    field={field.name}
                    src={src}
                    title={title}
                    regions={regionViews.get(field.name) ?? NO_REGIONS}
                    selectedId={selected}
                    hiddenIds={hiddenIds}
                    lockedIds={lockedIds}
                    skeletons={skeletons}
                    drawable={shapeControls.some((c) => c.toName === field.name) || brushControls.some((c) => c.toName === field.name)}
                    masks={maskViews.get(field.name) ?? NO_MASKS}
                    tool={toolOf(field.name)}
                    polygonDraft={polygon?.field === field.name ? polygon.points : null}
                    maxHeightShare={hotkeyScope === 'window' ? 0.6 : 0.4}
                    onEdit={(edit, natural) => onImageEdit(field.name, edit, natural)}
                    onSelect={(id) => {
                      setSelected(id);
                      setAssistPoint(null);
                    }}
                    onAssistPoint={reportContext ? setAssistPoint : undefined}
                    assistPoint={assistPoint}
                    rotatable={rotatable}
                    onNaturalSize={(size) => setNaturals((n) => (n[field.name]?.width === size.width && n[field.name]?.height === size.height ? n : { ...n, [field.name]: size }))}
                  />
                ) : (
                  <div className="alert alert-warn">{t('image.missing', { field: field.name })}</div>
                )}
              </>
            );
          } else if (field.type === 'document') {
            const src = data[field.name];
            const onField = <T extends LabelConfig['controls'][number]['type']>(type: T) => config.controls.filter((c): c is Extract<LabelConfig['controls'][number], { type: T }> => c.type === type && c.toName === field.name);
            body =
              typeof src === 'string' && src !== '' ? (
                <DocumentAnnotator
                  field={field.name}
                  src={src}
                  boxControls={onField('rectanglelabels')}
                  spanControls={onField('labels')}
                  keyValue={onField('keyvalue')[0]}
                  order={onField('readingorder')[0]}
                  result={result}
                  dispatch={dispatch}
                  colorOf={colorOf}
                  titleOf={titleOf}
                  windowKeys={hotkeyScope === 'window'}
                />
              ) : (
                <div className="alert alert-warn">{t('document.missing', { field: field.name })}</div>
              );
          } else if (field.type === 'dialogue') {
            body = (
              <DialogueAnnotator
                field={field.name}
                title={title}
                value={data[field.name]}
                controls={config.controls.filter((c): c is DialogueControl => (DIALOGUE_CONTROL_TYPES as readonly string[]).includes(c.type) && c.toName === field.name)}
                result={result}
                dispatch={dispatch}
                takenKeys={takenKeys}
                windowKeys={hotkeyScope === 'window'}
              />
            );
          } else if (field.type === 'audio') {
            const src = data[field.name];
            const segmentControls = labelsControls.filter((c) => c.toName === field.name);
            body =
              segmentControls.length > 0 && typeof src === 'string' && src !== '' ? (
                <AudioSegmentAnnotator
                  field={field.name}
                  src={src}
                  duration={typeof data['duration'] === 'number' ? data['duration'] : undefined}
                  controls={segmentControls}
                  transcript={config.controls.find((c): c is TextAreaControl => c.type === 'textarea' && c.perRegion === true && c.toName === field.name)}
                  speaker={config.controls.find((c): c is ChoicesControl => c.type === 'choices' && c.perRegion === true && c.toName === field.name)}
                  result={result}
                  dispatch={dispatch}
                  colorOf={colorOf}
                  titleOf={titleOf}
                  windowKeys={hotkeyScope === 'window'}
                  onSelectedChange={setAudioSelected}
                />
              ) : (
                <AudioPlayer field={field.name} src={src} title={title} />
              );
          } else {
            const model = models.get(field.name) ?? new TextModel('');
            const cursor = activeField === field.name ? (cursors[field.name] ?? null) : null;
            body = (
              <>
                {labelsControls
                  .filter((c) => c.toName === field.name)
                  .map((control) => (
                    <LabelBar key={control.name} control={control} armed={armedIn(control.name)} onPick={(label) => applyLabel(control, label)} />
                  ))}
                <SpanText
                  field={field.name}
                  model={model}
                  spans={spanViews.get(field.name) ?? []}
                  cursor={cursor}
                  selectedSpanId={selected}
                  label={title}
                  onCursor={onCursor}
                  onSpanClick={onSpanClick}
                />
                {config.controls
                  .filter((c): c is GroundedQaControl => c.type === 'groundedqa' && c.toName === field.name)
                  .map((control) => {
                    const range = cursor ? cursorRange(cursor) : null;
                    const selection = range && range.end > range.start ? { ...range, text: model.slice(range.start, range.end) } : null;
                    return <GroundedQaPanel key={control.name} control={control} passage={model.text} selection={selection} result={result} dispatch={dispatch} />;
                  })}
              </>
            );
          }
          return (
            <section className="field-block" key={field.name} data-field={field.name} data-field-type={field.type}>
              <div className="field-head">
                <h3>{title}</h3>
                {field.type === 'text' ? <span className="muted small">{t('workbench.chars', { count: models.get(field.name)?.length ?? 0 })}</span> : null}
              </div>
              {body}
              {fieldChoices.map((control) => (
                <ChoicesField key={control.name} control={control} chosen={choicesOf(result, control.name)} onToggle={(value) => toggleChoice(control, value)} />
              ))}
              {fieldRatings.map((control) => (
                <RatingField key={control.name} control={control} value={ratingOf(result, control.name)} keys={digitRating?.control === control ? digitRating.digits : NO_DIGITS} onRate={(n) => rate(control, n)} />
              ))}
              {fieldTexts.map((control) => (
                <TextAreaInput key={control.name} control={control} value={textOf(result, control.name)} onChange={(text) => setText(control, text)} />
              ))}
            </section>
          );
        })}
      </div>
      <aside className="annotator-side">
        <div className="side-toolbar">
          <button type="button" className="btn btn-small" disabled={!canUndo} onClick={() => dispatch({ type: 'undo' })} title="Ctrl+Z" data-testid="undo">
            {t('workbench.undo')}
          </button>
          <button type="button" className="btn btn-small" disabled={!canRedo} onClick={() => dispatch({ type: 'redo' })} title="Ctrl+Shift+Z / Ctrl+Y" data-testid="redo">
            {t('workbench.redo')}
          </button>
          {shapeControls.length > 0 ? (
            <>
              <button type="button" className="btn btn-small" disabled={!selectedRegion} onClick={() => selectedRegion && dispatch({ type: 'reorder', id: selectedRegion, to: 'front' })} title="Alt+]" data-testid="region-front">
                {t('image.bringToFront')}
              </button>
              <button type="button" className="btn btn-small" disabled={!selectedRegion} onClick={() => selectedRegion && dispatch({ type: 'reorder', id: selectedRegion, to: 'back' })} title="Alt+[" data-testid="region-back">
                {t('image.sendToBack')}
              </button>
            </>
          ) : null}
        </div>
        {selectedAttributes ? (
          <RegionAttributes
            regionId={selectedAttributes.item.id}
            attributes={selectedAttributes.attributes}
            values={selectedAttributes.item.value.attributes}
            locked={lockedIds.has(selectedAttributes.item.id)}
            onChange={(name, value) => dispatch({ type: 'setAttribute', id: selectedAttributes.item.id, name, value })}
          />
        ) : null}
        {selectedRegionView?.kind === 'rectangle' && rotatable.has(selectedRegionView.control) ? <p className="muted small">{t('image.rotateHint')}</p> : null}
        {shapeControls.length > 0 || brushControls.length > 0 ? (
          <RegionList
            regions={allRegions}
            masks={maskRows}
            selectedId={selected}
            hiddenIds={hiddenIds}
            lockedIds={lockedIds}
            onSelect={setSelected}
            onRemove={removeItem}
            onToggleHidden={toggleHidden}
            onToggleLocked={toggleLocked}
            onAccept={acceptPredicted}
            onAcceptAll={() => setAcceptedIds((accepted) => new Set([...accepted, ...result.filter((r) => untouched.has(r.id))]))}
          />
        ) : null}
        {labelsControls.some((c) => config.fields.some((f) => f.name === c.toName && f.type === 'text')) ? (
          <SpanList
            result={result}
            fields={config.fields.filter((f) => f.type === 'text').length > 1 ? config.fields.map((f) => f.name) : null}
            colorOf={colorOf}
            titleOf={titleOf}
            selectedId={selected}
            onSelect={setSelected}
            onRemove={removeItem}
          />
        ) : null}
      </aside>
    </div>
  );
}
