import type { RegionAttribute, RegionAttributeValues } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';

interface RegionAttributesProps {
  /** The selected region's id (result item id), so the inputs reset when another region is selected. */
  regionId: string;
  attributes: readonly RegionAttribute[];
  values: RegionAttributeValues | undefined;
  /** A locked region shows its values but does not change. */
  locked: boolean;
  /** `null` clears the value. */
  onChange: (name: string, value: string | number | null) => void;
}

/**
 * The attribute fields of the selected image region (docs/label-config.md, Region attributes), laid out
 * like a video track's. Text and numbers are committed on leaving the field (or Enter), so typing does not
 * fight the image's hotkeys and the editor merges the edit into one undo step.
 */
export function RegionAttributes({ regionId, attributes, values, locked, onChange }: RegionAttributesProps) {
  const t = useT();
  if (attributes.length === 0) return null;
  return (
    <div className="region-attributes video-attributes" data-testid="region-attributes">
      <span className="muted small">{t('image.attributes')}</span>
      {attributes.map((a) => {
        const value = values?.[a.name];
        const shown = value === undefined ? '' : String(value);
        const commit = (raw: string) => {
          if (raw === shown) return;
          if (a.type !== 'number' || raw.trim() === '') onChange(a.name, raw.trim() === '' ? null : raw);
          else if (Number.isFinite(Number(raw))) onChange(a.name, Number(raw));
        };
        return (
          <label key={a.name} className="small">
            {a.name}
            {a.required === true ? <span className="muted"> *</span> : null}
            {a.type === 'choice' ? (
              <select value={shown} disabled={locked} onChange={(e) => commit(e.target.value)} data-testid={`region-attribute-${a.name}`}>
                <option value="">—</option>
                {(a.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input
                key={`${regionId}:${shown}`}
                type={a.type === 'number' ? 'number' : 'text'}
                defaultValue={shown}
                disabled={locked}
                data-testid={`region-attribute-${a.name}`}
                onBlur={(e) => commit(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') e.currentTarget.blur();
                }}
              />
            )}
          </label>
        );
      })}
    </div>
  );
}
