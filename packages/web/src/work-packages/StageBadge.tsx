import type { PackageStage } from '@yungang/core';
import { useT } from '../i18n/i18n.tsx';
import { STAGE_TONE } from './work-package-format.ts';

/** A package's stage as a coloured badge (tones shared with the quality screens). */
export function StageBadge({ stage }: { stage: PackageStage }) {
  const t = useT();
  return (
    <span className={`badge tone-${STAGE_TONE[stage]}`} data-testid="wp-stage" data-stage={stage}>
      {t(`workPackages.stage.${stage}`)}
    </span>
  );
}
